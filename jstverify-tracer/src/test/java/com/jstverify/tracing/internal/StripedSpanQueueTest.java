package com.jstverify.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StripedSpanQueueTest {

  @Test
  void oneThread_canFillTheWholeCapacity_andNotOneMore() {
    StripedSpanQueue<Integer> queue = new StripedSpanQueue<>(10, 4); // 3, 3, 2, 2
    assertEquals(4, queue.stripeCount());
    int accepted = 0;
    for (int i = 0; i < 40; i++) if (queue.offer(i)) accepted++;

    assertEquals(10, accepted, "every stripe filled in turn");
    assertEquals(10, queue.size());
    assertFalse(queue.offer(99));
  }

  @Test
  void oneThreadsSpans_keepTheirOrder_whileItKeepsItsStripe() {
    StripedSpanQueue<Integer> queue = new StripedSpanQueue<>(1000, 8);
    for (int i = 0; i < 100; i++) assertTrue(queue.offer(i));
    Integer[] out = new Integer[200];

    assertEquals(100, queue.drainTo(out, 200));
    for (int i = 0; i < 100; i++) assertEquals(i, out[i]);
  }

  @Test
  void aSmallCapacity_hasFewerStripes_andTheBoundStaysExact() {
    StripedSpanQueue<Integer> queue = new StripedSpanQueue<>(3, 16);
    assertEquals(2, queue.stripeCount());
    int accepted = 0;
    for (int i = 0; i < 10; i++) if (queue.offer(i)) accepted++;
    assertEquals(3, accepted);
  }

  @Test
  void release_freesTheOldestDrain_andMustMatchIt() {
    StripedSpanQueue<Integer> queue = new StripedSpanQueue<>(4, 2);
    for (int i = 0; i < 4; i++) assertTrue(queue.offer(i));
    Integer[] out = new Integer[4];
    assertEquals(3, queue.drainTo(out, 3));
    assertFalse(queue.offer(9), "taken elements keep their slots");

    assertThrows(IllegalArgumentException.class, () -> queue.release(2));
    queue.release(3);

    assertTrue(queue.offer(9));
    queue.release(0); // no drain outstanding: nothing to free
  }

  @Test
  void flushSnapshots_sayWhenEverythingOfferedBeforeIsReleased() {
    StripedSpanQueue<Integer> queue = new StripedSpanQueue<>(100, 4);
    for (int i = 0; i < 10; i++) queue.offer(i);
    long[] snapshot = queue.offeredSnapshot();
    Integer[] out = new Integer[100];

    assertFalse(queue.releasedAll(snapshot));
    assertFalse(queue.takenAll(snapshot));
    int n = queue.drainTo(out, 100);
    assertTrue(queue.takenAll(snapshot));
    assertFalse(queue.releasedAll(snapshot));
    queue.release(n);
    assertTrue(queue.releasedAll(snapshot));
  }

  @Test
  void close_makesEveryStripeRefuse() {
    StripedSpanQueue<Integer> queue = new StripedSpanQueue<>(100, 4);
    queue.offer(1);
    queue.close();

    assertTrue(queue.isClosed());
    assertFalse(queue.offer(2));
    Integer[] out = new Integer[10];
    assertEquals(1, queue.drainTo(out, 10), "what was offered before can still be taken");
  }

  @Test
  void manyThreads_offeringWhileTheConsumerDrains_loseNothingAndTakeEachOnce() throws Exception {
    int threads = 6;
    int perThread = 100_000;
    StripedSpanQueue<Integer> queue = new StripedSpanQueue<>(5_000, 8);
    AtomicLong refused = new AtomicLong();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> producers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int base = t * perThread;
      Thread producer =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perThread; i++) {
                  if (!queue.offer(base + i)) refused.incrementAndGet();
                }
              });
      producer.start();
      producers.add(producer);
    }
    BitSet seen = new BitSet(threads * perThread);
    Integer[] out = new Integer[777];
    long taken = 0;
    start.countDown();
    boolean producing = true;
    while (producing || queue.waiting() > 0) {
      producing = producers.stream().anyMatch(Thread::isAlive);
      int n = queue.drainTo(out, out.length);
      for (int i = 0; i < n; i++) {
        assertFalse(seen.get(out[i]), "taken twice: " + out[i]);
        seen.set(out[i]);
      }
      taken += n;
      queue.release(n);
    }
    for (Thread producer : producers) producer.join();

    assertEquals(threads * perThread, taken + refused.get(), "offered = taken + refused");
    assertEquals(0, queue.size());
  }
}
