package com.jstverify.tracing;

import com.jstverify.tracing.internal.StripedSpanQueue;
import com.jstverify.tracing.reporter.Reporter;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * A diagnostic reporter: the direct reporter's bounded {@link StripedSpanQueue}, drained by a
 * thread that takes spans and releases them without writing JSON or sending anything. It tells
 * the cost of the queue (offers, contention between application threads) from the cost of the
 * reporter thread's work.
 */
final class QueueOnlyReporter implements Reporter {
  private final StripedSpanQueue<JstVerifySpan> queue = new StripedSpanQueue<>(10_000);
  private final Thread consumer = new Thread(this::drain, "queue-only-consumer");

  private QueueOnlyReporter() {
    consumer.setDaemon(true);
    consumer.start();
  }

  static BenchmarkTracers.Instance tracer() {
    QueueOnlyReporter reporter = new QueueOnlyReporter();
    JstVerifyTracer tracer =
        JstVerifyTracer.builder().serviceName("bench").reporter(reporter).shutdownHook(false).build();
    return new BenchmarkTracers.Instance(tracer, reporter::close);
  }

  @Override
  public void report(JstVerifySpan span) {
    queue.offer(span);
  }

  @Override
  public void close() {
    consumer.interrupt();
  }

  private void drain() {
    JstVerifySpan[] batch = new JstVerifySpan[1000];
    while (!Thread.currentThread().isInterrupted()) {
      int n = queue.drainTo(batch, batch.length);
      if (n == 0) {
        LockSupport.parkNanos(100_000L);
        continue;
      }
      Arrays.fill(batch, 0, n, null);
      queue.release(n);
    }
  }
}
