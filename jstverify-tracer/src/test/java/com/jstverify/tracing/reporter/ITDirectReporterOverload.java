package com.jstverify.tracing.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.DropReason;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.TracerMetrics;
import com.jstverify.tracing.reporter.FakeIngestionServer.Answer;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Application threads finishing spans far faster than the ingestion API can take them. */
class ITDirectReporterOverload {
  static final int PRODUCERS = 2;
  static final int SPANS_PER_PRODUCER = 50_000;
  static final int MAX_QUEUE = 500;

  @Test
  void aProducerFarFasterThanTheSink_neverBlocks_memoryStaysBounded_everySpanAccountedFor()
      throws Exception {
    try (FakeIngestionServer server = FakeIngestionServer.start()) {
      // 50 spans per 50 ms: the sink takes at most ~1000 spans a second.
      server.answerAlways(Answer.acceptAfter(50));
      JstVerifyTracer tracer =
          JstVerifyTracer.builder()
              .serviceName("orders-api")
              .reporter(
                  DirectReporter.builder()
                      .apiKey("overload-key")
                      .endpoint(server.endpoint())
                      .maxQueueSize(MAX_QUEUE)
                      .maxBatchSize(50)
                      .flushInterval(Duration.ofMillis(20))
                      .build())
              .shutdownHook(false)
              .build();
      TracerMetrics metrics = tracer.metrics();

      AtomicBoolean producing = new AtomicBoolean(true);
      AtomicLong maxQueue = new AtomicLong();
      Thread sampler =
          new Thread(
              () -> {
                while (producing.get()) {
                  maxQueue.accumulateAndGet(metrics.queueLength(), Math::max);
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      sampler.start();

      CountDownLatch done = new CountDownLatch(PRODUCERS);
      long start = System.nanoTime();
      for (int p = 0; p < PRODUCERS; p++) {
        new Thread(
                () -> {
                  for (int i = 0; i < SPANS_PER_PRODUCER; i++) {
                    tracer.buildSpan("op").start().finish();
                  }
                  done.countDown();
                })
            .start();
      }
      // At the sink's pace the 100,000 spans would take 100 s; not blocking, a second or so.
      assertTrue(done.await(15, TimeUnit.SECONDS), "producers were held up");
      long producedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      producing.set(false);
      sampler.join();

      assertTrue(producedMillis < 15_000);
      assertTrue(maxQueue.get() <= MAX_QUEUE, "queue reached " + maxQueue.get());
      assertTrue(metrics.spansDropped(DropReason.QUEUE_FULL) > 0, metrics.toString());
      assertTrue(tracer.flush(Duration.ofSeconds(10)), "what the queue kept is delivered");
      tracer.close();

      long finished = (long) PRODUCERS * SPANS_PER_PRODUCER;
      assertEquals(finished, metrics.spansFinished());
      assertEquals(finished, metrics.spansReported() + metrics.spansDropped(), metrics.toString());
      assertEquals(metrics.spansReported(), server.spans().size());
      assertEquals(metrics.spansReported(), ITDirectReporter.uniqueSpanIds(server.spans()));
    }
  }
}
