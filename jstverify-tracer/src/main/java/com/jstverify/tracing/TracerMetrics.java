package com.jstverify.tracing;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What happened to the spans of one tracer: started, finished, reported, and every span not
 * delivered, by {@link DropReason}. Live counters, safe to read from any thread.
 *
 * <pre>{@code
 * TracerMetrics m = tracer.metrics();
 * long lost = m.spansDropped(DropReason.QUEUE_FULL);
 * }</pre>
 *
 * <p>Reporters record what they deliver and drop through the {@code record*} methods. Every drop
 * other than {@link DropReason#UNSAMPLED} (which is a decision, not a loss) is logged as a
 * warning at most once per minute per reason, with the running total. After the first warning,
 * a single drop looks at the clock about once in 1024 (an overloaded application drops every
 * span, and reading the clock costs more than counting), so a slow trickle of drops is warned
 * about later; the counts themselves are always exact.
 */
public final class TracerMetrics {
  private static final Logger LOG = Logger.getLogger(TracerMetrics.class.getName());
  private static final long LOG_INTERVAL_NANOS = 60_000_000_000L;
  /** Under sustained drops, the clock is read for the log interval about once in this many. */
  private static final int CLOCK_CHECK_EVERY = 1024;

  private final LongAdder started = new LongAdder();
  private final LongAdder finished = new LongAdder();
  private final LongAdder duplicateFinishes = new LongAdder();
  private final LongAdder reported = new LongAdder();
  private final LongAdder batchesSent = new LongAdder();
  private final LongAdder batchesFailed = new LongAdder();
  private final LongAdder[] dropped = new LongAdder[DropReason.values().length];
  // When each reason was last logged (nanoTime); 0 = never. Written rarely, racy on purpose:
  // two threads logging the same reason in the same instant is harmless.
  private final long[] lastLogged = new long[DropReason.values().length];
  private volatile LongSupplier queueLength = () -> 0L;

  public TracerMetrics() {
    for (int i = 0; i < dropped.length; i++) dropped[i] = new LongAdder();
  }

  // ---- reading ----

  /** Spans started. */
  public long spansStarted() {
    return started.sum();
  }

  /** Spans finished (each counted once, however many times {@code finish} was called). */
  public long spansFinished() {
    return finished.sum();
  }

  /** Extra {@code finish()} calls that were ignored. */
  public long duplicateFinishes() {
    return duplicateFinishes.sum();
  }

  /** Spans delivered: accepted by the ingestion API, put in a relay header, or stored. */
  public long spansReported() {
    return reported.sum();
  }

  /** Spans not delivered for {@code reason}. */
  public long spansDropped(DropReason reason) {
    return dropped[reason.ordinal()].sum();
  }

  /** Spans not delivered, for any reason. */
  public long spansDropped() {
    long total = 0;
    for (LongAdder d : dropped) total += d.sum();
    return total;
  }

  /** Batches the ingestion API accepted. */
  public long batchesSent() {
    return batchesSent.sum();
  }

  /** Batch sends that failed (each retry counts). */
  public long batchesFailed() {
    return batchesFailed.sum();
  }

  /** Spans waiting in the reporter's queue now. */
  public long queueLength() {
    return queueLength.getAsLong();
  }

  /** All counters, by name, for a metrics system or a log line. */
  public Map<String, Long> snapshot() {
    // Read against the flow (a span is started, then finished, then reported or dropped), so that
    // spans moving on meanwhile never make a later stage outnumber an earlier one; and the total
    // of drops is the sum of the reasons read, not a second read that may already have moved.
    Map<DropReason, Long> byReason = new EnumMap<>(DropReason.class);
    long droppedTotal = 0;
    for (DropReason r : DropReason.values()) {
      long n = spansDropped(r);
      byReason.put(r, n);
      droppedTotal += n;
    }
    long reportedNow = spansReported();
    long finishedNow = spansFinished();
    long startedNow = spansStarted();
    Map<String, Long> out = new java.util.LinkedHashMap<>();
    out.put("spansStarted", startedNow);
    out.put("spansFinished", finishedNow);
    out.put("spansReported", reportedNow);
    out.put("spansDropped", droppedTotal);
    for (Map.Entry<DropReason, Long> e : byReason.entrySet()) {
      out.put("spansDropped." + e.getKey().name(), e.getValue());
    }
    out.put("duplicateFinishes", duplicateFinishes());
    out.put("batchesSent", batchesSent());
    out.put("batchesFailed", batchesFailed());
    out.put("queueLength", queueLength());
    return out;
  }

  @Override
  public String toString() {
    return "TracerMetrics" + snapshot();
  }

  // ---- recording (tracer and reporters) ----

  void recordStarted() {
    started.increment();
  }

  void recordFinished() {
    finished.increment();
  }

  void recordDuplicateFinish() {
    duplicateFinishes.increment();
  }

  /** Records {@code count} spans delivered. */
  public void recordReported(long count) {
    reported.add(count);
  }

  /** Records {@code count} spans dropped for {@code reason}, logging at most once a minute. */
  public void recordDropped(DropReason reason, long count) {
    if (reason == null || count <= 0) return;
    LongAdder counter = dropped[reason.ordinal()];
    counter.add(count);
    if (reason == DropReason.UNSAMPLED) return;
    int i = reason.ordinal();
    // Reading the clock costs more than counting, and an overloaded application drops every
    // span it finishes: after the first warning, a single drop reads the clock with a chance of
    // one in CLOCK_CHECK_EVERY (a thread-local draw: no state shared between threads to write).
    long last = lastLogged[i];
    if (last != 0L
        && count == 1
        && ThreadLocalRandom.current().nextInt(CLOCK_CHECK_EVERY) != 0) {
      return;
    }
    long now = System.nanoTime();
    if (last == 0L || now - last >= LOG_INTERVAL_NANOS) {
      lastLogged[i] = now == 0L ? 1L : now;
      if (LOG.isLoggable(Level.WARNING)) {
        try {
          LOG.warning(
              "JstVerify: spans dropped ("
                  + reason
                  + "): "
                  + counter.sum()
                  + " so far; logged at most once a minute");
        } catch (RuntimeException e) {
          // A log handler of the application's that throws: the drop is counted, and the caller
          // (a thread finishing a span, a reporter settling a batch) carries on.
        }
      }
    }
  }

  /** Records one batch accepted by the ingestion API. */
  public void recordBatchSent() {
    batchesSent.increment();
  }

  /** Records one failed batch send. */
  public void recordBatchFailed() {
    batchesFailed.increment();
  }

  /** Where {@link #queueLength()} reads from; a reporter with a queue sets it when attached. */
  public void queueLengthSource(LongSupplier source) {
    this.queueLength = source == null ? () -> 0L : source;
  }
}
