package com.jstverify.tracing.reporter;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.TracerMetrics;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps finished spans in memory, in finish order, for tests and in-process inspection. Bounded:
 * beyond {@code capacity} spans the oldest are evicted, so a test tracer left running in a long
 * process cannot exhaust the heap.
 *
 * <pre>{@code
 * InMemoryReporter reporter = new InMemoryReporter();
 * JstVerifyTracer tracer = JstVerifyTracer.builder().serviceName("svc").reporter(reporter).build();
 * tracer.buildSpan("op").start().finish();
 * assertEquals(1, reporter.finishedSpans().size());
 * }</pre>
 */
public final class InMemoryReporter implements Reporter {
  /** Spans kept by the no-argument constructor. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private final int capacity;
  // A deque: once full, every report evicts the oldest, which an ArrayList would pay for by
  // moving all the others (100,000 of them by default) under the lock.
  private final ArrayDeque<JstVerifySpan> spans = new ArrayDeque<>();
  private volatile TracerMetrics metrics = new TracerMetrics();

  public InMemoryReporter() {
    this(DEFAULT_CAPACITY);
  }

  public InMemoryReporter(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    this.capacity = capacity;
  }

  @Override
  public void attach(TracerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void report(JstVerifySpan span) {
    synchronized (spans) {
      if (spans.size() == capacity) spans.removeFirst();
      spans.addLast(span);
    }
    metrics.recordReported(1);
  }

  /** A copy of the spans finished so far, in finish order. */
  public List<JstVerifySpan> finishedSpans() {
    synchronized (spans) {
      return new ArrayList<>(spans);
    }
  }

  /** Forgets every span. */
  public void reset() {
    synchronized (spans) {
      spans.clear();
    }
  }
}
