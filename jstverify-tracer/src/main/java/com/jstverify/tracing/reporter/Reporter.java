package com.jstverify.tracing.reporter;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.TracerMetrics;
import java.time.Duration;

/**
 * Receives every finished, sampled span of a tracer and delivers it somewhere. Called on the
 * application's thread, so {@link #report} must be quick and must never block or throw.
 *
 * <pre>{@code
 * InMemoryReporter reporter = new InMemoryReporter();
 * JstVerifyTracer tracer = JstVerifyTracer.builder().serviceName("svc").reporter(reporter).build();
 * }</pre>
 */
public interface Reporter extends AutoCloseable {

  /**
   * Called once, when the tracer is built, with the tracer's metrics: a reporter records there
   * what it delivers and what it drops.
   */
  default void attach(TracerMetrics metrics) {}

  /** Takes a finished span. Never blocks, never throws. */
  void report(JstVerifySpan span);

  /**
   * Delivers everything reported so far, waiting at most {@code timeout}.
   *
   * @return true when everything was delivered in time
   */
  default boolean flush(Duration timeout) {
    return true;
  }

  /**
   * Delivers what was reported, within a bounded time, and releases resources: the tracer's
   * {@code close()} calls this alone, without a {@link #flush} first. Spans reported afterwards
   * are dropped and counted.
   */
  @Override
  default void close() {}
}
