package com.jstverify.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SpanQueueTest {

  @Test
  void offer_untilFull_thenFailsAtOnce() {
    SpanQueue<String> queue = new SpanQueue<>(3); // not a power of two: the bound is still exact
    assertTrue(queue.offer("a"));
    assertTrue(queue.offer("b"));
    assertTrue(queue.offer("c"));

    assertFalse(queue.offer("d"));
    assertEquals(3, queue.size());
    assertEquals(3, queue.offered());
  }

  @Test
  void drainTo_takesOldestFirst_upToMax() {
    SpanQueue<String> queue = new SpanQueue<>(8);
    for (String s : new String[] {"a", "b", "c"}) queue.offer(s);
    String[] out = new String[8];

    assertEquals(2, queue.drainTo(out, 2));
    assertArrayEquals(new String[] {"a", "b"}, new String[] {out[0], out[1]});
    assertEquals(1, queue.drainTo(out, 8));
    assertEquals("c", out[0]);
    assertEquals(0, queue.drainTo(out, 8));
  }

  @Test
  void takenElements_keepTheirPlaceInTheBound_untilReleased() {
    SpanQueue<String> queue = new SpanQueue<>(2);
    queue.offer("a");
    queue.offer("b");
    String[] out = new String[2];
    assertEquals(2, queue.drainTo(out, 2));

    assertEquals(0, queue.waiting());
    assertEquals(2, queue.taken());
    assertEquals(2, queue.size());
    assertFalse(queue.offer("c"), "a batch being retried still counts against the bound");

    queue.release(2);

    assertEquals(0, queue.size());
    assertEquals(2, queue.released());
    assertTrue(queue.offer("c"));
  }

  @Test
  void release_ofMoreThanWasTaken_isABug() {
    SpanQueue<String> queue = new SpanQueue<>(2);
    queue.offer("a");
    assertThrows(IllegalArgumentException.class, () -> queue.release(1));
  }

  @Test
  void close_failsLaterOffers_andKeepsWhatWasQueued() {
    SpanQueue<String> queue = new SpanQueue<>(4);
    queue.offer("a");

    queue.close();

    assertTrue(queue.isClosed());
    assertFalse(queue.offer("b"));
    assertEquals(1, queue.offered(), "the closed flag does not show in the sequence");
    String[] out = new String[4];
    assertEquals(1, queue.drainTo(out, 4));
    assertEquals("a", out[0]);
  }

  @Test
  void offer_null_isABug() {
    assertThrows(NullPointerException.class, () -> new SpanQueue<String>(1).offer(null));
  }

  @Test
  void manyProducers_oneConsumer_everyElementTakenExactlyOnce_inEachProducersOrder()
      throws Exception {
    int producers = 2;
    int perProducer = 100_000;
    SpanQueue<Integer> queue = new SpanQueue<>(1024);
    CountDownLatch start = new CountDownLatch(1);
    Thread[] threads = new Thread[producers];
    for (int p = 0; p < producers; p++) {
      int base = p * perProducer;
      threads[p] =
          new Thread(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < perProducer; i++) {
                  Integer value = base + i;
                  while (!queue.offer(value)) Thread.onSpinWait(); // the test's retry, not the tracer's
                }
              });
      threads[p].start();
    }
    start.countDown();
    BitSet seen = new BitSet(producers * perProducer);
    int[] lastOf = {-1, -1};
    Integer[] out = new Integer[256];
    int total = 0;
    while (total < producers * perProducer) {
      int n = queue.drainTo(out, out.length);
      for (int i = 0; i < n; i++) {
        int v = out[i];
        assertFalse(seen.get(v), "taken twice: " + v);
        seen.set(v);
        int producer = v / perProducer;
        assertTrue(v > lastOf[producer], "out of order: " + v);
        lastOf[producer] = v;
      }
      queue.release(n);
      total += n;
      if (n == 0) Thread.onSpinWait();
    }
    for (Thread t : threads) t.join();
    assertEquals(producers * perProducer, seen.cardinality());
    assertEquals(0, queue.size());
  }
}
