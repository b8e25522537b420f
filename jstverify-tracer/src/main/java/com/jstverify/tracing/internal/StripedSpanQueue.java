package com.jstverify.tracing.internal;

import java.util.ArrayDeque;

/**
 * The direct reporter's bounded queue, split into a few {@link SpanQueue} stripes so that
 * application threads finishing spans at the same time do not all claim slots with one
 * compare-and-set on one cache line. Each thread offers to the stripe its id hashes to (measured
 * on 2 cores with the reporter's consumer keeping up: two threads finishing spans took 1.7 times
 * as long per span as one with a single queue, 1.2 times with stripes). The one consumer drains
 * the stripes in turn.
 *
 * <pre>{@code
 * StripedSpanQueue<JstVerifySpan> queue = new StripedSpanQueue<>(10_000);
 * if (!queue.offer(span)) metrics.recordDropped(DropReason.QUEUE_FULL, 1);
 * int n = queue.drainTo(batch, 1000);    // the reporter thread
 * queue.release(n);                      // once the batch is settled
 * }</pre>
 *
 * <p>The bound is the sum of the stripes' capacities, exactly the capacity asked for. A thread
 * whose stripe is full tries the others, so one busy thread can use the whole capacity; once a
 * thread has found them all full, every offer is refused at once until the consumer releases
 * something, so an overloaded application pays two reads per dropped span. One thread's spans keep
 * their finish order until its stripe fills; across stripes there is no order.
 *
 * <p>Sequence numbers are per stripe: a flush snapshots {@link #offeredSnapshot()} and waits for
 * {@link #releasedAll}.
 */
public final class StripedSpanQueue<E> {
  /** Stripes at most; enough for the cores of a large server, few enough to drain in turn. */
  static final int MAX_STRIPES = 16;

  private final SpanQueue<E>[] stripes;
  private final int mask;
  private final int capacity;

  // How many releases the consumer has made (its writes only), and the count at which a producer
  // last found every stripe full: while they are equal, a full home stripe means a full queue.
  private volatile long releases;
  private volatile long fullAtRelease = -1L;

  // The consumer's own.
  private int nextDrain;
  private final ArrayDeque<int[]> takenByDrain = new ArrayDeque<>(); // per stripe, per drainTo

  /** Stripes for the machine's processors: twice as many, a power of two, at most 16. */
  public StripedSpanQueue(int capacity) {
    this(capacity, Runtime.getRuntime().availableProcessors() * 2);
  }

  /** At most {@code stripes} stripes (rounded down to a power of two), each holding one at least. */
  @SuppressWarnings({"unchecked", "rawtypes"}) // Java has no generic array creation
  StripedSpanQueue(int capacity, int stripes) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    int count = Integer.highestOneBit(Math.max(1, Math.min(Math.min(stripes, MAX_STRIPES), capacity)));
    this.stripes = new SpanQueue[count];
    for (int i = 0; i < count; i++) {
      // The capacity divided as evenly as it goes: the stripes add up to exactly the bound.
      this.stripes[i] = new SpanQueue<>(capacity / count + (i < capacity % count ? 1 : 0));
    }
    this.mask = count - 1;
    this.capacity = capacity;
  }

  /** What {@link #offerResult} returns: the same codes as a single {@link SpanQueue}'s. */
  public static final int OFFERED = SpanQueue.OFFERED;
  public static final int FULL = SpanQueue.FULL;
  public static final int CLOSED = SpanQueue.REFUSED_CLOSED;

  /**
   * Adds {@code e} to this thread's stripe, or to another when that is full. Any thread; never
   * blocks; false when the queue is full or closed.
   */
  public boolean offer(E e) {
    return offerResult(e) == OFFERED;
  }

  /** {@link #offer}, saying why an element was refused: {@link #FULL} or {@link #CLOSED}. */
  public int offerResult(E e) {
    // Every stripe was found full and the consumer has released nothing since (only a release
    // makes room): drop at once. An overloaded application pays two reads per dropped span.
    long seen = releases;
    if (fullAtRelease == seen) return isClosed() ? CLOSED : FULL;
    // The thread's stripe: its id, spread (thread ids are consecutive numbers).
    long id = Thread.currentThread().getId();
    int i = (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & mask;
    for (int k = 0; k <= mask; k++) {
      // Full: the other stripes in turn, so one busy thread can use the whole bound (an
      // outage fills the queue while nothing is released).
      int result = stripes[(i + k) & mask].offerResult(e);
      if (result != FULL) return result;
    }
    // Racy on purpose: a stale value from a slower thread only means another scan.
    fullAtRelease = seen;
    return FULL;
  }

  /**
   * Consumer only: moves up to {@code max} elements into {@code out} from index 0, the stripes
   * in turn, and returns how many. They keep their place in the bound until {@link #release}d.
   */
  public int drainTo(E[] out, int max) {
    int limit = Math.min(max, out.length);
    int[] taken = null;
    int n = 0;
    int count = stripes.length;
    for (int k = 0; k < count && n < limit; k++) {
      int s = (nextDrain + k) & mask;
      int got = stripes[s].drainTo(out, n, limit - n);
      if (got == 0) continue;
      if (taken == null) taken = new int[count];
      taken[s] = got;
      n += got;
    }
    nextDrain = (nextDrain + 1) & mask; // the next batch starts one stripe further: fairness
    if (taken != null) takenByDrain.addLast(taken);
    return n;
  }

  /**
   * Consumer only: frees the slots of the oldest drain not yet released; {@code count} must be
   * what that {@link #drainTo} returned.
   */
  public void release(int count) {
    int[] taken = takenByDrain.peekFirst();
    int total = 0;
    if (taken != null) for (int t : taken) total += t;
    if (count != total) {
      throw new IllegalArgumentException("release(" + count + ") of a drain of " + total);
    }
    if (taken == null) return;
    takenByDrain.removeFirst();
    for (int s = 0; s < taken.length; s++) {
      if (taken[s] > 0) stripes[s].release(taken[s]);
    }
    releases++; // the consumer is the only writer
  }

  /** Elements offered and not yet released (taken ones included). Any thread; approximate. */
  public int size() {
    long size = 0;
    for (SpanQueue<E> stripe : stripes) size += stripe.size();
    return (int) Math.min(size, capacity);
  }

  /** Consumer only: elements offered and not yet taken. */
  public int waiting() {
    long waiting = 0;
    for (SpanQueue<E> stripe : stripes) waiting += stripe.waiting();
    return (int) Math.min(waiting, Integer.MAX_VALUE);
  }

  /** How many offers had succeeded in each stripe: what a flush waits for. Any thread. */
  public long[] offeredSnapshot() {
    long[] offered = new long[stripes.length];
    for (int i = 0; i < offered.length; i++) offered[i] = stripes[i].offered();
    return offered;
  }

  /** Whether every stripe has released everything up to {@code snapshot}. Any thread. */
  public boolean releasedAll(long[] snapshot) {
    for (int i = 0; i < snapshot.length; i++) {
      if (stripes[i].released() < snapshot[i]) return false;
    }
    return true;
  }

  /** Consumer only: whether every stripe has taken everything up to {@code snapshot}. */
  public boolean takenAll(long[] snapshot) {
    for (int i = 0; i < snapshot.length; i++) {
      if (stripes[i].read() < snapshot[i]) return false;
    }
    return true;
  }

  /** Makes every later {@link #offer} fail. Elements already offered can still be taken. */
  public void close() {
    for (SpanQueue<E> stripe : stripes) stripe.close();
  }

  /** Whether {@link #close} has begun: later offers fail. */
  public boolean isClosed() {
    return stripes[0].isClosed(); // the first one closed
  }

  /** The bound given to the constructor. */
  public int capacity() {
    return capacity;
  }

  int stripeCount() {
    return stripes.length;
  }
}
