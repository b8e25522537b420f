package com.jstverify.tracing.internal;

import com.jstverify.tracing.DropReason;
import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.TracerMetrics;
import com.jstverify.tracing.reporter.Reporter;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Hands a span to a reporter that may break its contract (a custom one, or a relay's fallback):
 * what it throws, short of the JVM failing, costs that span only, counted {@code
 * DELIVERY_FAILED}, and never reaches the caller (the application's {@code finish()}, a request
 * ending).
 */
public final class GuardedReport {
  private GuardedReport() {}

  /** {@code reporter.report(span)}, its failure counted and logged at FINE on {@code log}. */
  public static void report(
      Reporter reporter, JstVerifySpan span, TracerMetrics metrics, Logger log) {
    try {
      reporter.report(span);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      metrics.recordDropped(DropReason.DELIVERY_FAILED, 1);
      if (log.isLoggable(Level.FINE)) {
        log.log(Level.FINE, "reporter " + reporter.getClass().getName() + " failed", t);
      }
    }
  }
}
