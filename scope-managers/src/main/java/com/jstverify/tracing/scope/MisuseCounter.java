package com.jstverify.tracing.scope;

import io.opentracing.Span;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Counts scope misuse (closed twice, out of order, on another thread, left open by a task) and
 * logs each case at FINE under the owning manager's logger: misuse is a bug in the caller, but
 * one that must never reach the application as an exception.
 */
final class MisuseCounter {
  private final Logger log;
  private final LongAdder count = new LongAdder();

  MisuseCounter(Class<?> owner) {
    this.log = Logger.getLogger(owner.getName());
  }

  void record(String what, Span span) {
    count.increment();
    if (log.isLoggable(Level.FINE)) {
      log.fine(what + " (span " + describe(span) + ", thread " + Thread.currentThread().getName() + ")");
    }
  }

  long count() {
    return count.sum();
  }

  // A foreign span's toString() is not ours to trust.
  private static String describe(Span span) {
    try {
      return String.valueOf(span);
    } catch (RuntimeException e) {
      return span.getClass().getName();
    }
  }
}
