package com.jstverify.tracing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * How many spans per second the direct reporter delivers to a real loopback HTTP sink
 * (serialized, POSTed, acknowledged), with one producer at fixed rates below and above that
 * capacity, and what a span costs the producer when the sink is slow or dead.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar com.jstverify.tracing.ReporterThroughput out.md</pre>
 *
 * <p>Not JMH: the question is a rate held for seconds and a balance of counters, not the cost of
 * one call. Each row is a fresh tracer and a fresh sink, warmed up for a second first.
 */
public final class ReporterThroughput {
  static final int SECONDS = 4;
  /** The producer runs as fast as it can: the row that shows the reporter's capacity. */
  static final int FLAT_OUT = Integer.MAX_VALUE;

  private ReporterThroughput() {}

  public static void main(String[] args) throws Exception {
    StringBuilder table = new StringBuilder();
    table.append("| maxBatchSize / maxQueueSize | producer rate (spans/s) | sink | finished | delivered"
        + " | dropped, queue full | sink counted | delivered/s | producer ns/span"
        + " | delivered + dropped = finished, after close |\n");
    table.append("|---|---|---|---|---|---|---|---|---|---|\n");
    // The settings the issue asks about first, at rates below and above its capacity.
    for (int rate : new int[] {100_000, 250_000, 400_000, 800_000, FLAT_OUT}) {
      table.append(run(1000, 200_000, rate, Sink.FAST));
    }
    table.append(run(1000, 200_000, 250_000, Sink.SLOW));
    table.append(run(1000, 200_000, 250_000, Sink.DEAD));
    // Smaller batches and queues: what they reach.
    table.append(run(500, 50_000, 250_000, Sink.FAST));
    table.append(run(500, 50_000, FLAT_OUT, Sink.FAST));
    table.append(run(50, 10_000, 250_000, Sink.FAST)); // the builder's defaults
    table.append(run(50, 10_000, FLAT_OUT, Sink.FAST));
    String out = table.toString();
    System.out.print(out);
    if (args.length > 0) Files.write(Paths.get(args[0]), out.getBytes(StandardCharsets.UTF_8));
  }

  enum Sink {
    FAST,
    SLOW, // answers after 200 ms
    DEAD // nothing listens
  }

  static String run(int maxBatchSize, int maxQueueSize, int rate, Sink kind) throws IOException {
    LoopbackSink sink = new LoopbackSink();
    if (kind == Sink.SLOW) sink.delayMillis = 200;
    String endpoint = kind == Sink.DEAD ? "http://127.0.0.1:9/v1/tracing/spans" : sink.endpoint();
    JstVerifyTracer tracer =
        JstVerifyTracer.builder()
            .serviceName("throughput")
            .apiKey("bench-key")
            .endpoint(endpoint)
            .maxBatchSize(maxBatchSize)
            .maxQueueSize(maxQueueSize)
            .flushInterval(Duration.ofMillis(100))
            .shutdownHook(false)
            .closeTimeout(Duration.ofSeconds(1))
            .build();
    try {
      // Warm up the JIT on the producer and the sender path.
      produce(tracer, Math.min(rate, 100_000), 1);
      tracer.flush(Duration.ofSeconds(10));
      long finishedBefore = tracer.metrics().spansFinished();
      long reportedBefore = tracer.metrics().spansReported();
      long queueFullBefore = tracer.metrics().spansDropped(DropReason.QUEUE_FULL);
      long sinkBefore = sink.spans.get();

      long start = System.nanoTime();
      long busyNanos = produce(tracer, rate, SECONDS);
      if (kind == Sink.FAST) tracer.flush(Duration.ofSeconds(30));
      long elapsed = System.nanoTime() - start;

      long finished = tracer.metrics().spansFinished() - finishedBefore;
      long reported = tracer.metrics().spansReported() - reportedBefore;
      long queueFull = tracer.metrics().spansDropped(DropReason.QUEUE_FULL) - queueFullBefore;
      long sinkCounted = sink.spans.get() - sinkBefore;
      // Settle what is still in flight (close counts it as DELIVERY_FAILED), then balance.
      tracer.close();
      // close() returns after its timeout even when the sender thread is still giving up: wait
      // a little for the counters to settle, and say how long it took.
      long closedAt = System.nanoTime();
      long unaccounted;
      while (true) {
        // Over the tracer's whole life, warm-up included: with a slow or dead sink the warm-up
        // spans are still queued when the measured ones start.
        TracerMetrics m = tracer.metrics();
        unaccounted = m.spansFinished() - m.spansReported() - m.spansDropped();
        if (unaccounted == 0 || System.nanoTime() - closedAt > 5_000_000_000L) break;
        LockSupport.parkNanos(10_000_000L);
      }
      long settleMillis = (System.nanoTime() - closedAt) / 1_000_000L;
      String balance =
          unaccounted == 0
              ? (settleMillis < 20 ? "yes" : "yes, " + settleMillis + " ms after close returned")
              : "**NO**: " + String.format(Locale.ROOT, "%,d", unaccounted) + " unaccounted 5 s after close (whole run)";
      return String.format(
          Locale.ROOT,
          "| %d / %,d | %s | %s | %,d | %,d | %,d | %,d | %,.0f | %.0f | %s |%n",
          maxBatchSize,
          maxQueueSize,
          rate == FLAT_OUT ? "flat out (" + String.format(Locale.ROOT, "%,.0f", finished / (double) SECONDS) + ")"
              : String.format(Locale.ROOT, "%,d", rate),
          kind.name().toLowerCase(Locale.ROOT),
          finished,
          reported,
          queueFull,
          sinkCounted,
          reported / (elapsed / 1e9),
          busyNanos / (double) finished,
          balance);
    } finally {
      tracer.close();
      sink.close();
    }
  }

  /**
   * Starts and finishes spans at {@code rate} per second (or flat out) for {@code seconds};
   * returns the time spent in the tracer.
   */
  static long produce(JstVerifyTracer tracer, int rate, int seconds) {
    long start = System.nanoTime();
    long end = start + seconds * 1_000_000_000L;
    long busy = 0;
    if (rate == FLAT_OUT) {
      for (long now = start; now - end < 0; ) {
        for (int i = 0; i < 1000; i++) { // the clock read once per 1000 spans, not per span
          tracer.buildSpan("GET /users/{id}").withTag("component", "bench").start().finish();
        }
        long after = System.nanoTime();
        busy += after - now;
        now = after;
      }
      return busy;
    }
    // A burst each millisecond, timed whole: timing span by span after a park measured cold
    // caches and the clock more than the tracer (130 to 620 ns from one run to the next).
    int perMillisecond = Math.max(1, rate / 1000);
    long bursts = (long) seconds * 1000;
    for (long b = 0; b < bursts; b++) {
      long due = start + b * 1_000_000L;
      long now = System.nanoTime();
      if (due - now > 50_000) LockSupport.parkNanos(due - now);
      long t0 = System.nanoTime();
      for (int i = 0; i < perMillisecond; i++) {
        tracer.buildSpan("GET /users/{id}").withTag("component", "bench").start().finish();
      }
      busy += System.nanoTime() - t0;
    }
    return busy;
  }
}
