package com.jstverify.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TracerMetricsTest {

  @Test
  void aSnapshotTakenWhileSpansFlow_addsUp() throws InterruptedException {
    TracerMetrics metrics = new TracerMetrics();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch flowing = new CountDownLatch(1);
    Thread spans =
        new Thread(
            () -> {
              for (long i = 0; !stop.get(); i++) {
                metrics.recordStarted();
                metrics.recordFinished();
                if (i % 2 == 0) {
                  metrics.recordReported(1);
                } else {
                  metrics.recordDropped(DropReason.UNSAMPLED, 1);
                }
                flowing.countDown();
              }
            });
    spans.start();
    try {
      flowing.await();
      for (int i = 0; i < 20_000; i++) {
        Map<String, Long> s = metrics.snapshot();
        long byReason = 0;
        for (DropReason r : DropReason.values()) byReason += s.get("spansDropped." + r.name());
        assertEquals(byReason, s.get("spansDropped"), "the total is the sum of the reasons: " + s);
        assertTrue(s.get("spansStarted") >= s.get("spansFinished"), "started >= finished: " + s);
        assertTrue(
            s.get("spansFinished") >= s.get("spansReported") + s.get("spansDropped"),
            "finished >= reported + dropped: " + s);
      }
    } finally {
      stop.set(true);
      spans.join();
    }
  }
}
