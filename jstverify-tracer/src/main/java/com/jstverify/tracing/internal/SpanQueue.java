package com.jstverify.tracing.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded, lock-free queue for many producers (application threads finishing spans) and one
 * consumer (the reporter thread). {@link #offer} never blocks and allocates nothing: it claims a
 * slot with one compare-and-set and fails at once when the queue is full.
 *
 * <pre>{@code
 * SpanQueue<JstVerifySpan> queue = new SpanQueue<>(10_000);
 * if (!queue.offer(span)) metrics.recordDropped(DropReason.QUEUE_FULL, 1);
 * }</pre>
 *
 * <p>The consumer {@linkplain #drainTo takes} elements and later {@linkplain #release releases}
 * them. Taken but unreleased elements still occupy their slots: that is how a batch being sent
 * or retried keeps counting against the bound, without a second counter on the hot path.
 * Sequence numbers ({@link #offered()}, {@link #released()}) let a flush wait for "everything
 * offered before now".
 *
 * <p>Why not a JDK queue. Measured with a throwaway harness (2-core VM, JDK 17, 1M offers per
 * producer while one consumer drains; {@code getThreadAllocatedBytes} for allocation):
 *
 * <pre>
 *                          bytes/offer   ns/offer, 1 producer   2 producers   offers over 10us / million
 * SpanQueue (this)         0             ~20                    80-120        55-85
 * ArrayBlockingQueue       ~0 *          ~50                    50-80         60-145
 * ConcurrentLinkedQueue    24 (a node)   ~20-30                 120-460       105-140
 * </pre>
 *
 * (* an AQS node when a contended offer parks.) Speed is a wash on two cores, and {@code
 * ArrayBlockingQueue} even batches better under contention. What decides is that it takes a lock
 * the reporter thread's {@code poll} takes too: a thread descheduled while holding it parks every
 * application thread finishing a span. This queue has no lock to wait for: a failed CAS retries
 * at once, a full queue answers false. The benchmarks module measured since that two threads
 * claiming slots on one such queue take 1.7 times as long per span as one: the reporter uses
 * several, one per group of threads ({@link StripedSpanQueue}), and the cursors are padded onto
 * cache lines of their own.
 */
public final class SpanQueue<E> extends SpanQueueConsumerIndex {
  private static final long CLOSED = Long.MIN_VALUE;
  private static final long INDEX = Long.MAX_VALUE;
  private static final VarHandle PRODUCER_INDEX;
  private static final VarHandle CONSUMER_INDEX;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      PRODUCER_INDEX =
          lookup.findVarHandle(SpanQueueProducerIndex.class, "producerIndex", long.class);
      CONSUMER_INDEX =
          lookup.findVarHandle(SpanQueueConsumerIndex.class, "consumerIndex", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** What {@link #offerResult} returns: the element was added. */
  public static final int OFFERED = 0;
  /** What {@link #offerResult} returns: the queue is full. */
  public static final int FULL = 1;
  /** What {@link #offerResult} returns: the queue is closed. */
  public static final int REFUSED_CLOSED = 2;

  private final int capacity;
  private final int mask;
  private final Object[] slots;
  // The three cursors live in the padded superclasses below: producers write producerIndex,
  // the consumer consumerIndex, and neither should make the other's cache line move.

  /** A queue holding at most {@code capacity} elements, taken ones included. */
  public SpanQueue(int capacity) {
    if (capacity < 1) throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    if (capacity > (1 << 30)) {
      throw new IllegalArgumentException("capacity must be at most 2^30: " + capacity);
    }
    this.capacity = capacity;
    // A power-of-two array so a sequence maps to its slot with a mask; the bound stays exact
    // because it is checked against the capacity, not the array length.
    int length = capacity == 1 ? 1 : Integer.highestOneBit(capacity - 1) << 1;
    this.slots = new Object[length];
    this.mask = length - 1;
  }

  /**
   * Adds {@code e} unless the queue is full or {@linkplain #close closed}. Any thread; never
   * blocks.
   */
  public boolean offer(E e) {
    return offerResult(e) == OFFERED;
  }

  /**
   * {@link #offer}, saying why an element was refused: {@link #FULL} or {@link #REFUSED_CLOSED}.
   */
  public int offerResult(E e) {
    if (e == null) throw new NullPointerException("e == null");
    long released = consumerIndex;
    long p;
    do {
      p = (long) PRODUCER_INDEX.getVolatile(this);
      if (p < 0) return REFUSED_CLOSED;
      if (p - released >= capacity) {
        released = consumerIndex; // the consumer may have released since our first read
        if (p - released >= capacity) return FULL;
      }
    } while (!PRODUCER_INDEX.compareAndSet(this, p, p + 1));
    // Between the CAS and this store the slot still reads null: the consumer stops there and
    // picks the element up on its next drain.
    SLOTS.setRelease(slots, (int) p & mask, e);
    return OFFERED;
  }

  /**
   * Consumer only: moves up to {@code max} elements, oldest first, into {@code out} from index 0
   * and returns how many. They keep their place in the bound until {@link #release}d.
   */
  public int drainTo(E[] out, int max) {
    return drainTo(out, 0, max);
  }

  /** {@link #drainTo(Object[], int)} into {@code out} from index {@code offset}. */
  @SuppressWarnings("unchecked")
  public int drainTo(E[] out, int offset, int max) {
    int limit = Math.min(max, out.length - offset);
    long r = readIndex;
    long p = producerIndex & INDEX;
    int n = 0;
    while (n < limit && r < p) {
      int i = (int) r & mask;
      Object e = SLOTS.getAcquire(slots, i);
      if (e == null) break; // claimed but not yet stored
      slots[i] = null; // published to producers by the release of consumerIndex
      out[offset + n++] = (E) e;
      r++;
    }
    readIndex = r;
    return n;
  }

  /** Consumer only: frees the slots of the {@code count} oldest taken elements. */
  public void release(int count) {
    long c = consumerIndex;
    if (count < 0 || c + count > readIndex) {
      throw new IllegalArgumentException("release(" + count + ") of " + (readIndex - c) + " taken");
    }
    CONSUMER_INDEX.setRelease(this, c + count);
  }

  /** Elements offered and not yet released (taken ones included). Any thread; approximate. */
  public int size() {
    long c = consumerIndex;
    long p = producerIndex & INDEX;
    long size = p - c;
    return size < 0 ? 0 : (int) Math.min(size, capacity);
  }

  /** Consumer only: elements offered and not yet taken. */
  public int waiting() {
    long waiting = (producerIndex & INDEX) - readIndex;
    return waiting < 0 ? 0 : (int) waiting;
  }

  /** Consumer only: how many elements were ever taken. */
  public long read() {
    return readIndex;
  }

  /** Consumer only: elements taken and not yet released. */
  public int taken() {
    return (int) (readIndex - consumerIndex);
  }

  /** How many offers ever succeeded: the sequence number of the next element. */
  public long offered() {
    return producerIndex & INDEX;
  }

  /** Makes every later {@link #offer} fail. Elements already offered can still be taken. */
  public void close() {
    long p;
    do {
      p = (long) PRODUCER_INDEX.getVolatile(this);
      if (p < 0) return;
    } while (!PRODUCER_INDEX.compareAndSet(this, p, p | CLOSED));
  }

  public boolean isClosed() {
    return producerIndex < 0;
  }

  /** How many elements were ever released. */
  public long released() {
    return consumerIndex;
  }

  /** The bound given to the constructor. */
  public int capacity() {
    return capacity;
  }
}

// Padding: 64 bytes (a cache line, or half of two adjacent-line prefetch) before, between and
// after the cursors, laid out superclass first. Several queues side by side (StripedSpanQueue)
// then share no cache line either.
abstract class SpanQueuePad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class SpanQueueProducerIndex extends SpanQueuePad0 {
  // Sequence of the next offer; only ever increases (CAS by producers). Its sign bit is the
  // closed flag: setting it with the same CAS the producers use makes close() atomic with
  // respect to offers, so after close() returns no element can slip in uncounted.
  volatile long producerIndex;
}

abstract class SpanQueuePad1 extends SpanQueueProducerIndex {
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

abstract class SpanQueueConsumerIndex extends SpanQueuePad1 {
  // Everything below it is released; written by the consumer only.
  volatile long consumerIndex;
  // Everything below it has been taken; the consumer's own cursor.
  long readIndex;
  long p20, p21, p22, p23, p24, p25, p26, p27;
}
