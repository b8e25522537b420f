package com.jstverify.tracing;

import com.jstverify.tracing.reporter.LoggingReporter;
import com.jstverify.tracing.reporter.Reporter;

/** Turns the builder's transport settings into the reporter that delivers spans. */
final class TransportReporters {
  private TransportReporters() {}

  static Reporter create(JstVerifyTracer.Builder b) {
    // Until the direct and relay reporters land, spans are logged.
    return new LoggingReporter();
  }
}
