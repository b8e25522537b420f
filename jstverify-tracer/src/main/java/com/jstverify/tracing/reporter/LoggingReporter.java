package com.jstverify.tracing.reporter;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.TracerMetrics;
import com.jstverify.tracing.internal.SpanJson;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs each finished span as its wire JSON, at INFO, through {@code java.util.logging} (logger
 * {@code com.jstverify.tracing.reporter.LoggingReporter}). For development and examples: a
 * production service uses the direct or relay transport.
 *
 * <pre>{@code
 * JstVerifyTracer tracer = JstVerifyTracer.builder()
 *     .serviceName("svc").reporter(new LoggingReporter()).build();
 * }</pre>
 */
public final class LoggingReporter implements Reporter {
  private static final Logger LOG = Logger.getLogger(LoggingReporter.class.getName());
  private volatile TracerMetrics metrics = new TracerMetrics();

  @Override
  public void attach(TracerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void report(JstVerifySpan span) {
    if (LOG.isLoggable(Level.INFO)) LOG.info(SpanJson.toJson(span));
    metrics.recordReported(1);
  }
}
