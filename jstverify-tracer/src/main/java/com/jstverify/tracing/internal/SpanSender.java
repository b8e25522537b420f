package com.jstverify.tracing.internal;

import com.jstverify.tracing.DropReason;
import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.TracerMetrics;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The direct transport's engine: application threads put finished spans in a bounded {@link
 * StripedSpanQueue}; one daemon thread takes them in batches, writes the JSON and POSTs it with an
 * {@link IngestionClient}, retrying what failed.
 *
 * <pre>{@code
 * SpanSender sender = new SpanSender(client, settings...);
 * sender.start();
 * sender.report(span);                        // any thread, never blocks
 * sender.flush(Duration.ofSeconds(5));         // waits for delivery
 * sender.close();
 * }</pre>
 *
 * <p>A batch leaves when {@code maxBatchSize} spans wait, when the flush interval has passed, on
 * {@link #flush} and on {@link #close}. A batch that failed with 429, 5xx or an I/O error keeps
 * its slots in the queue (so an outage cannot grow memory past {@code maxQueueSize}) and is sent
 * again after an exponential, jittered delay, or after the server's {@code Retry-After}. Spans
 * from one thread are delivered in finish order (while it keeps its stripe of the queue); the API
 * sees each batch at least once.
 */
public final class SpanSender {
  /** Warnings and batch logs go to the public class's logger, the name users configure. */
  public static final String LOGGER_NAME = "com.jstverify.tracing.reporter.DirectReporter";

  private static final Logger LOG = Logger.getLogger(LOGGER_NAME);
  private static final VarHandle SLEEPING;
  private static final int AWAKE = 0;
  private static final int IDLE = 1; // waiting for the interval: a full batch wakes it
  private static final int BACKING_OFF = 2; // waiting to retry: new spans do not wake it
  /** A batch still failing after this many attempts is dropped ({@code DELIVERY_FAILED}). */
  static final int MAX_ATTEMPTS = 16;
  /** A server's {@code Retry-After} is honoured up to this. */
  static final long MAX_RETRY_AFTER_MILLIS = 60_000L;
  /** Consecutive failures before an outage is worth a warning (one blip is not). */
  private static final int WARN_AFTER_FAILURES = 3;
  private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
  /** The batch buffer is given back after a batch that needed more than this (2 MiB). */
  private static final int MAX_RETAINED_BUFFER = 2 * 1024 * 1024;

  static {
    try {
      SLEEPING = MethodHandles.lookup().findVarHandle(SpanSender.class, "sleeping", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final StripedSpanQueue<JstVerifySpan> queue;
  private final IngestionClient client;
  private final int maxBatchSize;
  private final long flushIntervalNanos;
  private final Backoff backoff;
  private final long closeTimeoutNanos;
  private final Level batchLevel;
  private final Thread thread;
  private volatile TracerMetrics metrics = new TracerMetrics();

  // Shared with application threads.
  private volatile int sleeping = AWAKE;
  // Spans offered before the latest flush() call, per stripe: sent without waiting for the
  // interval.
  private final AtomicReference<long[]> flushTarget = new AtomicReference<>(new long[0]);
  // Bumped by each flush() call: a batch waiting out its backoff is retried at once for it.
  private final AtomicInteger flushRequests = new AtomicInteger();
  // Batches settled with spans not delivered, ever: flush() compares it with what it was when it
  // started, to tell "delivered" from "dealt with". Written by the sender thread only.
  private volatile long losses;
  private volatile boolean closing;
  private volatile boolean abandoned; // close() ran out of time: give up at once
  private volatile boolean terminated;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Object progress = new Object();

  // The sender thread's own.
  private final JstVerifySpan[] drained;
  private final SpanJson spanJson = new SpanJson();
  // Holds the pending batch's JSON until it is resolved: a new batch is taken only then.
  private final JsonOut body = new JsonOut(64 * 1024);
  private Batch pending;
  private int failures; // consecutive failed attempts, whatever the batch
  private long nextIntervalNanos;
  private long lastOutageWarningNanos;
  private boolean warnedKey;
  private boolean warnedRejected;

  /**
   * @param maxQueueSize spans waiting or being sent, at most
   * @param closeTimeout how long {@link #close} tries to deliver what is left
   * @param debug logs each batch at INFO instead of FINE
   */
  public SpanSender(
      IngestionClient client,
      int maxQueueSize,
      int maxBatchSize,
      Duration flushInterval,
      Backoff backoff,
      Duration closeTimeout,
      boolean debug) {
    if (client == null) throw new NullPointerException("client == null");
    if (backoff == null) throw new NullPointerException("backoff == null");
    this.client = client;
    this.queue = new StripedSpanQueue<>(maxQueueSize);
    // A batch can never be larger than the queue that feeds it.
    this.maxBatchSize = Math.max(1, Math.min(maxBatchSize, maxQueueSize));
    this.drained = new JstVerifySpan[this.maxBatchSize];
    this.flushIntervalNanos = saturatedNanos(flushInterval);
    this.backoff = backoff;
    this.closeTimeoutNanos = saturatedNanos(closeTimeout);
    this.batchLevel = debug ? Level.INFO : Level.FINE;
    this.thread = new Thread(this::run, "jstverify-reporter");
    thread.setDaemon(true);
    // Not the creating thread's loader: in an app server that would pin a web app's classes.
    thread.setContextClassLoader(SpanSender.class.getClassLoader());
  }

  public void start() {
    thread.start();
  }

  public void attach(TracerMetrics metrics) {
    if (metrics == null) throw new NullPointerException("metrics == null");
    this.metrics = metrics;
    metrics.queueLengthSource(queue::size);
  }

  /**
   * Queues a finished span. Any thread; never blocks, never throws, allocates nothing: a full
   * queue drops the new span (counted {@code QUEUE_FULL}), a closed one too ({@code
   * AFTER_CLOSE}).
   */
  public void report(JstVerifySpan span) {
    if (span == null) return;
    // Full: the NEW span is dropped, not the oldest. Dropping the oldest would make application
    // threads take from the queue too (a second CAS loop racing the reporter thread, on the hot
    // path, exactly when overloaded), and during an outage the oldest slots are the batch being
    // retried, already written as JSON: evicting it throws away that work and changes a batch
    // the API may already have half-seen. One failed check, counted, and the caller moves on.
    int result = queue.offerResult(span);
    if (result == StripedSpanQueue.OFFERED) {
      // Only an idle sender is woken, and only by the span that completes a batch.
      if (sleeping == IDLE
          && queue.size() >= maxBatchSize
          && SLEEPING.compareAndSet(this, IDLE, AWAKE)) {
        LockSupport.unpark(thread);
      }
      return;
    }
    metrics.recordDropped(
        result == StripedSpanQueue.CLOSED ? DropReason.AFTER_CLOSE : DropReason.QUEUE_FULL, 1);
  }

  /**
   * Sends everything reported before this call and waits for it at most {@code timeout}.
   *
   * @return true when all of it was accepted by the API; false on timeout, or when some of it
   *     was refused or could not be sent before close
   */
  public boolean flush(Duration timeout) {
    return flushUntil(System.nanoTime() + saturatedNanos(timeout));
  }

  private boolean flushUntil(long deadline) {
    // Losses read before the target: a refusal in between then makes this flush say false (it
    // may not concern the target), never true when it did.
    long lossesBefore = losses;
    long[] target = queue.offeredSnapshot();
    if (queue.releasedAll(target)) return true;
    flushTarget.accumulateAndGet(target, SpanSender::latest);
    flushRequests.incrementAndGet();
    LockSupport.unpark(thread);
    synchronized (progress) {
      while (!queue.releasedAll(target) && !terminated) {
        long left = deadline - System.nanoTime();
        if (left <= 0L) break;
        try {
          TimeUnit.NANOSECONDS.timedWait(progress, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    }
    return queue.releasedAll(target) && losses == lossesBefore;
  }

  // Stripe by stripe, the later of two flush targets (sequence numbers only grow).
  private static long[] latest(long[] a, long[] b) {
    if (a.length != b.length) return a.length > b.length ? a : b;
    long[] max = new long[a.length];
    for (int i = 0; i < max.length; i++) max[i] = Math.max(a[i], b[i]);
    return max;
  }

  /**
   * Delivers what is queued as {@link #flush} does (retrying after a failure) for half the close
   * timeout, then stops taking spans, gives each batch left one last attempt and stops the
   * thread: all of it within the close timeout, one deadline, not one per step. What could not
   * be delivered is counted {@code DELIVERY_FAILED}. Idempotent.
   */
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    long deadline = System.nanoTime() + closeTimeoutNanos;
    // Retrying rather than one attempt per batch: a 503 while the API redeploys should not cost
    // the last spans of a process that stops at the same time. But only for the first half: the
    // rest is for the last attempt closing makes at once, which a batch waiting out a Retry-After
    // longer than the whole timeout, or a backoff, would otherwise never get.
    flushUntil(deadline - closeTimeoutNanos / 2); // interrupted, it leaves the flag set
    boolean interrupted = false;
    queue.close();
    closing = true;
    LockSupport.unpark(thread);
    try {
      // What remains, each batch given one last attempt now.
      TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1L, deadline - System.nanoTime()));
    } catch (InterruptedException e) {
      interrupted = true;
    }
    if (thread.isAlive()) {
      abandoned = true;
      client.cancel();
      thread.interrupt();
      try {
        thread.join(1_000L);
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  /** Spans waiting or being sent. */
  public int queueLength() {
    return queue.size();
  }

  /** The endpoint, never the key. */
  @Override
  public String toString() {
    return "SpanSender{" + client + "}";
  }

  // ---- the sender thread ----

  private void run() {
    nextIntervalNanos = System.nanoTime() + flushIntervalNanos;
    try {
      while (!abandoned) {
        try {
          if (!step()) break;
        } catch (RuntimeException e) {
          // A bug of ours or a broken logging handler: keep the thread, and the queue, alive.
          LOG.log(Level.WARNING, "JstVerify reporter: unexpected error; continuing", e);
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
      }
    } catch (Error e) {
      LOG.log(Level.SEVERE, "JstVerify reporter stopped: spans are dropped from now on", e);
      throw e;
    } finally {
      giveUp();
    }
  }

  /** One decision of the loop: take a batch, send it, or wait. False when closed and done. */
  private boolean step() {
    if (pending == null) {
      // closing read before waiting: close() closes the queue before it sets closing, so once it
      // is seen set, every span offered is in waiting, and none is left without an attempt.
      boolean closingNow = closing;
      int waiting = queue.waiting();
      long now = System.nanoTime();
      if (waiting == 0) {
        if (closingNow) return false;
        if (now - nextIntervalNanos >= 0) nextIntervalNanos = now + flushIntervalNanos;
        await(nextIntervalNanos, IDLE);
        return true;
      }
      boolean full = waiting >= maxBatchSize;
      boolean due =
          full || closing || now - nextIntervalNanos >= 0 || !queue.takenAll(flushTarget.get());
      if (!due) {
        await(nextIntervalNanos, IDLE);
        return true;
      }
      // A partial batch restarts the interval; a full one leaves the rest to their deadline.
      if (!full) nextIntervalNanos = now + flushIntervalNanos;
      take();
      if (pending == null) return true;
    }
    Batch batch = pending;
    if (System.nanoTime() - batch.notBeforeNanos < 0 && !retryNow(batch)) {
      await(batch.notBeforeNanos, BACKING_OFF);
      return true;
    }
    attempt(batch);
    return true;
  }

  private boolean retryNow(Batch batch) {
    if (closing) return true; // one last attempt, now
    if (batch.retryAfter) return false; // the server asked for that long
    return batch.flushRequestsSeen != flushRequests.get();
  }

  /** Takes the next batch as {@link #pending}; settles it at once when none of it was written. */
  private void take() {
    int n = queue.drainTo(drained, maxBatchSize);
    if (n == 0) {
      // A producer claimed a slot and has not stored into it yet: a matter of nanoseconds.
      Thread.yield();
      return;
    }
    body.reset(MAX_RETAINED_BUFFER);
    int written;
    try {
      written = spanJson.batch(body, drained, n);
    } catch (Throwable fatal) {
      // Only a VirtualMachineError gets here (SpanJson contains the rest), and it ends the
      // thread: these spans are no batch yet, so giveUp() would not see them. Settled here.
      metrics.recordDropped(DropReason.DELIVERY_FAILED, n);
      losses++;
      queue.release(n);
      throw fatal;
    } finally {
      Arrays.fill(drained, 0, n, null); // the spans can go while the bytes wait for a retry
    }
    int failed = n - written;
    Batch batch = new Batch(body.array(), body.size(), written, n, failed > 0);
    if (failed > 0) metrics.recordDropped(DropReason.DELIVERY_FAILED, failed);
    if (written == 0) {
      resolve(batch, true);
    } else {
      pending = batch;
    }
    // Logged once the batch is held or settled: a log handler that throws cannot lose it.
    if (failed > 0) {
      LOG.fine("JstVerify: " + failed + " span(s) could not be written as JSON and were dropped");
    }
  }

  private void attempt(Batch batch) {
    long started = System.nanoTime();
    IngestionClient.Outcome outcome = client.post(batch.body, batch.length);
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    batch.attempts++;
    TracerMetrics m = metrics;
    // Each outcome is counted, logged, then settled whatever the logging threw: a log handler of
    // the application's that throws (the loop carries on) must not leave the batch pending, to be
    // sent again. Logged before settled, so that the log shows a batch once flush() has returned.
    if (outcome.accepted()) {
      m.recordReported(batch.spans);
      m.recordBatchSent();
      int failedBefore = failures;
      failures = 0;
      try {
        if (failedBefore >= WARN_AFTER_FAILURES && LOG.isLoggable(Level.INFO)) {
          LOG.info(
              "JstVerify ingestion API reachable again after " + failedBefore + " failed attempts");
        }
        logBatch("sent", batch, outcome, tookMillis, "");
      } finally {
        resolve(batch, batch.lostSome);
      }
      return;
    }
    m.recordBatchFailed();
    if (!outcome.retryable()) {
      // Counted before released: once flush() returns, the metrics already show the loss.
      m.recordDropped(DropReason.REJECTED, batch.spans);
      try {
        warnRejected(batch, outcome);
        logBatch("refused", batch, outcome, tookMillis, "; dropped");
      } finally {
        resolve(batch, true);
      }
      return;
    }
    failures++;
    if (closing || abandoned || batch.attempts >= MAX_ATTEMPTS) {
      m.recordDropped(DropReason.DELIVERY_FAILED, batch.spans);
      // Closing: do not spend the close timeout on more attempts against a failing API.
      if (closing) abandoned = true;
      try {
        logBatch("failed", batch, outcome, tookMillis, closing ? "; closing, dropped" : "; retries exhausted, dropped");
      } finally {
        resolve(batch, true);
      }
      return;
    }
    long delayNanos =
        outcome.retryAfterMillis >= 0
            ? TimeUnit.MILLISECONDS.toNanos(Math.min(outcome.retryAfterMillis, MAX_RETRY_AFTER_MILLIS))
            : backoff.nextDelayNanos(batch.attempts);
    batch.notBeforeNanos = System.nanoTime() + delayNanos;
    batch.retryAfter = outcome.retryAfterMillis >= 0;
    batch.flushRequestsSeen = flushRequests.get();
    long delayMillis = TimeUnit.NANOSECONDS.toMillis(delayNanos);
    logBatch("failed", batch, outcome, tookMillis, "; retry " + batch.attempts + " in " + delayMillis + " ms");
    warnOutage(batch, outcome, delayMillis);
  }

  private void resolve(Batch batch, boolean lost) {
    if (lost) losses++; // volatile, and written before the release that flush() waits for
    pending = null;
    queue.release(batch.taken);
    signalProgress();
  }

  /** Counts everything still queued as not delivered; runs once, as the thread ends. */
  private void giveUp() {
    TracerMetrics m = metrics;
    if (pending != null) {
      m.recordDropped(DropReason.DELIVERY_FAILED, pending.spans);
      resolve(pending, true);
    }
    queue.close(); // already closed by close(); not when an Error ended the thread
    int left = 0;
    while (true) {
      int n = queue.drainTo(drained, drained.length);
      if (n > 0) {
        Arrays.fill(drained, 0, n, null);
        left += n;
        losses++;
        queue.release(n);
      } else if (queue.waiting() == 0) {
        break;
      } else {
        Thread.onSpinWait(); // an offer between its claim and its store
      }
    }
    if (left > 0) {
      m.recordDropped(DropReason.DELIVERY_FAILED, left);
      LOG.fine("JstVerify: " + left + " queued span(s) not delivered before close");
    }
    terminated = true;
    signalProgress();
  }

  private void await(long deadlineNanos, int state) {
    long wait = deadlineNanos - System.nanoTime();
    if (wait <= 0L || closing || abandoned) return;
    SLEEPING.setVolatile(this, state);
    // Re-check after publishing the state: a batch completed just before would not wake us.
    if (state != IDLE || queue.size() < maxBatchSize) {
      LockSupport.parkNanos(this, wait);
    }
    SLEEPING.setVolatile(this, AWAKE);
  }

  private void signalProgress() {
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  private void logBatch(String what, Batch batch, IngestionClient.Outcome outcome, long millis, String tail) {
    if (!LOG.isLoggable(batchLevel)) return;
    LOG.log(
        batchLevel,
        "JstVerify: batch of " + batch.spans + " spans (" + batch.length + " bytes) " + what
            + " in " + millis + " ms: " + outcome + tail);
  }

  private void warnRejected(Batch batch, IngestionClient.Outcome outcome) {
    if (!LOG.isLoggable(Level.WARNING)) return;
    if (outcome.code == 401 || outcome.code == 403) {
      if (warnedKey) return;
      warnedKey = true;
      LOG.warning(
          "JstVerify rejected the API key (HTTP " + outcome.code + "): check JSTVERIFY_API_KEY."
              + " Refused batches are dropped and counted as REJECTED; logged once.");
    } else {
      if (warnedRejected) return;
      warnedRejected = true;
      LOG.warning(
          "JstVerify refused a batch of " + batch.spans + " spans (" + outcome + ")."
              + " Refused batches are dropped and counted as REJECTED; logged once.");
    }
  }

  private void warnOutage(Batch batch, IngestionClient.Outcome outcome, long delayMillis) {
    if (failures < WARN_AFTER_FAILURES || !LOG.isLoggable(Level.WARNING)) return;
    long now = System.nanoTime();
    if (lastOutageWarningNanos != 0L && now - lastOutageWarningNanos < WARN_INTERVAL_NANOS) return;
    lastOutageWarningNanos = now;
    LOG.warning(
        "JstVerify ingestion API unavailable (" + outcome + ", " + failures + " failed attempts):"
            + " retrying a batch of " + batch.spans + " spans in " + delayMillis + " ms; meanwhile"
            + " spans wait in the queue up to maxQueueSize, then are dropped (QUEUE_FULL)."
            + " Logged at most once a minute.");
  }

  private static long saturatedNanos(Duration d) {
    if (d == null) throw new NullPointerException("timeout == null");
    if (d.isNegative()) return 0L;
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE / 4; // centuries; keeps deadline arithmetic from overflowing
    }
  }

  /**
   * One batch's bytes, kept for retries (the sender's buffer is not written again before the
   * batch is resolved); the spans themselves are already let go.
   */
  private static final class Batch {
    final byte[] body;
    final int length;
    final int spans; // in the body
    final int taken; // from the queue: spans plus the ones that could not be written
    final boolean lostSome;
    int attempts;
    long notBeforeNanos;
    boolean retryAfter;
    int flushRequestsSeen;

    Batch(byte[] body, int length, int spans, int taken, boolean lostSome) {
      this.body = body;
      this.length = length;
      this.spans = spans;
      this.taken = taken;
      this.lostSome = lostSome;
      this.notBeforeNanos = System.nanoTime();
    }
  }
}
