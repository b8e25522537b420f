package com.jstverify.tracing.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.DropReason;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.TracerMetrics;
import com.jstverify.tracing.internal.SpanSender;
import com.jstverify.tracing.reporter.FakeIngestionServer.Answer;
import com.jstverify.tracing.reporter.FakeIngestionServer.RecordedRequest;
import io.opentracing.Span;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The direct transport when the ingestion API is down, slow, overloaded or refusing: what is
 * retried, what is dropped and counted, what is logged. Short HTTP timeouts and backoff keep it
 * fast.
 */
class ITDirectReporterFailures {
  static final String API_KEY = "secret-key-7d2e9b";

  FakeIngestionServer server;
  JstVerifyTracer tracer;

  @BeforeEach
  void startServer() throws Exception {
    server = FakeIngestionServer.start();
  }

  @AfterEach
  void stop() {
    if (tracer != null) tracer.close();
    server.close();
  }

  DirectReporter.Builder reporter() {
    return DirectReporter.builder()
        .apiKey(API_KEY)
        .endpoint(server.endpoint())
        .flushInterval(Duration.ofMillis(50))
        .timeouts(Duration.ofMillis(300), Duration.ofMillis(400))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .closeTimeout(Duration.ofSeconds(1));
  }

  JstVerifyTracer tracer(DirectReporter.Builder reporter) {
    tracer =
        JstVerifyTracer.builder()
            .serviceName("orders-api")
            .reporter(reporter.build())
            .shutdownHook(false)
            .closeTimeout(Duration.ofSeconds(1))
            .build();
    return tracer;
  }

  void finishSpans(int count) {
    for (int i = 0; i < count; i++) tracer.buildSpan("op-" + i).start().finish();
  }

  void assertEverySpanAccountedFor() {
    TracerMetrics m = tracer.metrics();
    assertEquals(m.spansFinished(), m.spansReported() + m.spansDropped(), m.toString());
  }

  @Test
  void serverDown_thenBack_spansAreRetriedAndDeliveredOnce() throws Exception {
    tracer(reporter());
    server.stop();

    finishSpans(5);

    assertFalse(tracer.flush(Duration.ofMillis(300)), "nothing can be delivered while down");
    assertTrue(tracer.metrics().batchesFailed() >= 1);
    assertEquals(0, tracer.metrics().spansReported());
    assertEquals(5, tracer.metrics().queueLength(), "the failed batch keeps its place");

    server.restart();

    assertTrue(tracer.flush(Duration.ofSeconds(5)));
    assertEquals(5, server.spans().size());
    assertEquals(5, ITDirectReporter.uniqueSpanIds(server.spans()));
    assertEquals(5, tracer.metrics().spansReported());
    assertEquals(0, tracer.metrics().spansDropped());
  }

  @Test
  void slowServer_longerThanTheCallTimeout_isRetried() throws Exception {
    tracer(reporter());
    server.enqueue(Answer.slow(1_000)); // the call timeout is 400 ms

    finishSpans(3);

    assertTrue(tracer.flush(Duration.ofSeconds(5)));
    assertEquals(3, server.spans().size());
    assertEquals(3, ITDirectReporter.uniqueSpanIds(server.spans()));
    assertTrue(server.requests().size() >= 2);
    assertTrue(tracer.metrics().batchesFailed() >= 1);
  }

  @Test
  void serverErrorsAndTooManyRequests_thenRecovery_theSameBatchIsRetried() {
    tracer(reporter());
    server.enqueue(Answer.status(500));
    server.enqueue(Answer.status(503));
    server.enqueue(Answer.status(429)); // no Retry-After: our own backoff

    finishSpans(4);

    assertTrue(tracer.flush(Duration.ofSeconds(5)));
    List<RecordedRequest> requests = server.requests();
    assertEquals(4, requests.size());
    for (RecordedRequest r : requests) assertEquals(requests.get(0).body, r.body);
    assertEquals(4, server.spans().size());
    assertEquals(3, tracer.metrics().batchesFailed());
    assertEquals(1, tracer.metrics().batchesSent());
    assertEquals(4, tracer.metrics().spansReported());
    assertEverySpanAccountedFor();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void retryAfter_ofA429OrA5xx_isWaitedAsTheServerAsks(int status) {
    tracer(reporter()); // our own backoff would retry within 200 ms
    server.enqueue(status == 429 ? Answer.tooManyRequests("1") : Answer.serviceUnavailable("1"));

    finishSpans(1);

    // A flush does not cut a Retry-After short (it does cut our own backoff short).
    assertTrue(tracer.flush(Duration.ofSeconds(5)));
    List<RecordedRequest> requests = server.requests();
    assertEquals(2, requests.size());
    long waitedMillis =
        TimeUnit.NANOSECONDS.toMillis(requests.get(1).receivedNanos - requests.get(0).receivedNanos);
    assertTrue(waitedMillis >= 900, "retried after " + waitedMillis + " ms");
  }

  @Test
  void anInterceptorOfTheApplicationsClientThatThrows_isRetriedLikeAnOutage_thenCounted()
      throws Exception {
    AtomicInteger calls = new AtomicInteger();
    OkHttpClient applicationClient =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  calls.incrementAndGet();
                  throw new IllegalStateException("a bug in the application's interceptor");
                })
            .build();
    try (RecordingLogHandler logs = RecordingLogHandler.install()) {
      tracer(reporter().httpClient(applicationClient).backoff(Duration.ofMillis(1), Duration.ofMillis(2)));
      finishSpans(1);

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (tracer.metrics().spansDropped(DropReason.DELIVERY_FAILED) < 1
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }

      // Not retried every 100 ms forever with a warning each time: its 16 attempts run out, the
      // span is counted, and the outage warning is rate-limited as for any failed call.
      assertEquals(1, tracer.metrics().spansDropped(DropReason.DELIVERY_FAILED));
      assertEquals(16, calls.get());
      assertEquals(16, tracer.metrics().batchesFailed());
      assertTrue(logs.at(Level.WARNING, SpanSender.LOGGER_NAME).size() <= 1, logs.allText());
      assertEverySpanAccountedFor();
    }
  }

  @Test
  void anInterceptorOfTheApplicationsClientThatThrowsAnErrorOnce_isRetried_andTheReporterGoesOn() {
    AtomicInteger calls = new AtomicInteger();
    OkHttpClient applicationClient =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain -> {
                  if (calls.incrementAndGet() == 1) {
                    throw new AssertionError("an assert in the application's interceptor");
                  }
                  return chain.proceed(chain.request());
                })
            .build();
    tracer(reporter().httpClient(applicationClient));
    finishSpans(1);

    assertTrue(tracer.flush(Duration.ofSeconds(5)), tracer.metrics().toString());
    finishSpans(2);
    assertTrue(tracer.flush(Duration.ofSeconds(5)), "the reporter's thread still runs");
    assertEquals(3, server.spans().size());
    assertEverySpanAccountedFor();
  }

  @Test
  void aSpanWhoseLogValueThrowsAnErrorWhenPrinted_isDelivered_andTheReporterGoesOn() {
    tracer(reporter());
    Span span = tracer.buildSpan("bad value").start();
    span.log(
        Map.of(
            "payload",
            new Object() {
              @Override
              public String toString() {
                throw new AssertionError("an assert in the application's toString");
              }
            }));
    span.finish();

    assertTrue(tracer.flush(Duration.ofSeconds(5)));
    finishSpans(2);
    assertTrue(tracer.flush(Duration.ofSeconds(5)), "the reporter's thread still runs");
    assertEquals(3, server.spans().size());
    assertEverySpanAccountedFor();
  }

  @Test
  void aLogHandlerThatThrowsOnTheSentBatchLine_neverMakesTheBatchGoTwice() {
    Logger log = Logger.getLogger(SpanSender.LOGGER_NAME);
    AtomicInteger thrown = new AtomicInteger();
    Handler broken = throwingOnceOn(" sent in ", thrown);
    log.addHandler(broken);
    try {
      tracer(reporter().debug(true)); // every batch logged at INFO
      finishSpans(1);

      assertTrue(tracer.flush(Duration.ofSeconds(5)), tracer.metrics().toString());
      finishSpans(1);
      assertTrue(tracer.flush(Duration.ofSeconds(5)), "the reporter's thread still runs");

      assertEquals(1, thrown.get(), "the handler threw once");
      assertEquals(2, server.requests().size(), "each batch sent once");
      assertEquals(2, server.spans().size());
      assertEquals(2, tracer.metrics().spansReported(), tracer.metrics().toString());
      assertEverySpanAccountedFor();
    } finally {
      log.removeHandler(broken);
    }
  }

  @Test
  void aLogHandlerThatThrowsOnTheDropWarning_neverMakesARefusedBatchGoTwice() {
    Logger log = Logger.getLogger(TracerMetrics.class.getName());
    AtomicInteger thrown = new AtomicInteger();
    Handler broken = throwingOnceOn("REJECTED", thrown);
    log.addHandler(broken);
    try {
      tracer(reporter());
      server.enqueue(Answer.status(400, "{\"error\":\"bad payload\"}"));
      finishSpans(1);

      assertFalse(tracer.flush(Duration.ofSeconds(5)), "refused");
      finishSpans(1);
      assertTrue(tracer.flush(Duration.ofSeconds(5)), "the reporter's thread still runs");

      assertEquals(1, thrown.get(), "the handler threw");
      assertEquals(2, server.requests().size(), "each batch sent once");
      assertEquals(1, tracer.metrics().spansDropped(DropReason.REJECTED));
      assertEquals(1, tracer.metrics().spansReported());
      assertEverySpanAccountedFor();
    } finally {
      log.removeHandler(broken);
    }
  }

  @Test
  void anOutOfMemoryErrorWhileABatchIsWritten_stopsTheReporter_butEverySpanIsCountedAsLost() {
    tracer(reporter().maxBatchSize(1).flushInterval(Duration.ofMinutes(10)));
    Span span = tracer.buildSpan("written when the heap is exhausted").start();
    span.log(
        Map.of(
            "payload",
            new Object() {
              @Override
              public String toString() {
                throw new OutOfMemoryError("simulated: the JSON buffer could not grow");
              }
            }));
    span.finish();
    finishSpans(2); // queued behind it

    // Not asserting what flush() says: when the reporter thread has already ended, the spans
    // were settled (as lost) before flush() was called, and it has nothing left to wait for.
    tracer.flush(Duration.ofSeconds(30));
    tracer.close();

    TracerMetrics m = tracer.metrics();
    assertEquals(0, m.spansReported(), "nothing was delivered; " + m);
    assertEquals(0, m.queueLength(), "the reporter stopped: nothing can still be queued; " + m);
    // The first span is lost with the thread; the two behind it, depending on whether they came
    // before the thread ended (DELIVERY_FAILED) or after (AFTER_CLOSE): counted either way.
    assertTrue(m.spansDropped(DropReason.DELIVERY_FAILED) >= 1, m.toString());
    assertEquals(3, m.spansDropped(), m.toString());
    assertEverySpanAccountedFor();
  }

  @Test
  void close_ofTheReporterTheTracerBuilt_againstAServerThatHangs_takesTheCloseTimeoutOnce() {
    tracer =
        JstVerifyTracer.builder()
            .serviceName("orders-api")
            .apiKey(API_KEY)
            .endpoint(server.endpoint())
            .shutdownHook(false)
            .closeTimeout(Duration.ofSeconds(1))
            .build();
    server.answerAlways(Answer.slow(30_000));
    finishSpans(1);

    long start = System.nanoTime();
    tracer.close();

    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    // One deadline for delivering, retrying and stopping; not a flush's and then a close's.
    assertTrue(tookMillis >= 900 && tookMillis < 1_700, "close took " + tookMillis + " ms");
    assertEquals(1, tracer.metrics().spansDropped(DropReason.DELIVERY_FAILED));
    assertEverySpanAccountedFor();
  }

  @Test
  void badApiKey_401_dropsEachBatch_countsIt_andWarnsExactlyOnce() {
    try (RecordingLogHandler logs = RecordingLogHandler.install()) {
      tracer(reporter().maxBatchSize(1));
      // A server echoing the key back must not get it into our logs either.
      server.answerAlways(Answer.status(401, "{\"error\":\"invalid key " + API_KEY + "\"}"));

      finishSpans(3);

      assertFalse(tracer.flush(Duration.ofSeconds(5)), "refused is not delivered");
      assertEquals(3, server.requests().size(), "a refused batch is never retried");
      TracerMetrics m = tracer.metrics();
      assertEquals(3, m.spansDropped(DropReason.REJECTED));
      assertEquals(3, m.batchesFailed());
      assertEquals(0, m.spansReported());
      assertEquals(0, m.queueLength());
      assertEverySpanAccountedFor();

      List<LogRecord> warnings = logs.at(Level.WARNING, SpanSender.LOGGER_NAME);
      assertEquals(1, warnings.size(), logs.allText());
      String warning = warnings.get(0).getMessage();
      assertTrue(warning.contains("JstVerify rejected the API key (HTTP 401)"), warning);
      assertTrue(warning.contains("JSTVERIFY_API_KEY"), warning);
      assertFalse(logs.allText().contains(API_KEY), logs.allText());
    }
  }

  @Test
  void badRequest_400_dropsTheBatch_countsIt_andWarnsExactlyOnce() {
    try (RecordingLogHandler logs = RecordingLogHandler.install()) {
      tracer(reporter().maxBatchSize(2));
      server.answerAlways(Answer.status(400, "spans[0].traceId: expected 32 hex characters"));

      finishSpans(4);

      assertFalse(tracer.flush(Duration.ofSeconds(5)));
      assertEquals(2, server.requests().size());
      assertEquals(4, tracer.metrics().spansDropped(DropReason.REJECTED));
      List<LogRecord> warnings = logs.at(Level.WARNING, SpanSender.LOGGER_NAME);
      assertEquals(1, warnings.size(), logs.allText());
      assertTrue(warnings.get(0).getMessage().contains("HTTP 400"), warnings.get(0).getMessage());
      assertTrue(warnings.get(0).getMessage().contains("expected 32 hex"), "the server's reason");
      assertFalse(logs.allText().contains(API_KEY));
    }
  }

  @Test
  void outage_theQueueBoundHolds_retainedBatchIncluded_thenWhatWasKeptIsDelivered()
      throws Exception {
    tracer(reporter().maxQueueSize(20).maxBatchSize(5));
    server.stop();

    for (int i = 0; i < 50; i++) {
      tracer.buildSpan("op-" + i).start().finish();
      assertTrue(tracer.metrics().queueLength() <= 20, "queue " + tracer.metrics().queueLength());
      if (i == 10) Thread.sleep(100); // let the sender take a batch and fail with it
    }

    TracerMetrics m = tracer.metrics();
    assertEquals(30, m.spansDropped(DropReason.QUEUE_FULL), m.toString());
    assertTrue(m.batchesFailed() >= 1);

    server.restart();

    assertTrue(tracer.flush(Duration.ofSeconds(5)));
    assertEquals(20, server.spans().size());
    assertEquals(20, m.spansReported());
    assertEverySpanAccountedFor();
  }

  @Test
  void aBatchStillFailingAfterItsLastAttempt_isDropped_andTheNextOneGoesThrough()
      throws Exception {
    tracer(reporter().backoff(Duration.ofMillis(1), Duration.ofMillis(2)));
    server.answerAlways(Answer.status(503));
    finishSpans(3);

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    // Counted first, then released from the queue: wait for both before the next flush, which
    // would otherwise (rightly) report the 3 lost spans as not delivered.
    while ((tracer.metrics().spansDropped(DropReason.DELIVERY_FAILED) < 3
            || tracer.metrics().queueLength() > 0)
        && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    assertEquals(3, tracer.metrics().spansDropped(DropReason.DELIVERY_FAILED));
    int attempts = server.requests().size();
    assertTrue(attempts > 3, attempts + " attempts: retried, but not forever");
    server.answerAlways(Answer.status(200));
    finishSpans(1);
    assertTrue(tracer.flush(Duration.ofSeconds(5)));
    assertEquals(1, server.spans().size());
    assertEverySpanAccountedFor();
  }

  @Test
  void close_duringAnOutage_givesUpQuickly_andCountsWhatIsLost() {
    tracer(reporter());
    server.stop();
    finishSpans(3);

    long start = System.nanoTime();
    tracer.close(); // retried until the close timeout (1 s), then given up

    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(tookMillis < 3_000, "close took " + tookMillis + " ms");
    assertEquals(3, tracer.metrics().spansDropped(DropReason.DELIVERY_FAILED));
    assertEverySpanAccountedFor();
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 503})
  void close_whileABatchWaitsOutARetryAfterLongerThanTheCloseTimeout_makesItsLastAttempt(
      int status) {
    tracer(reporter()); // close timeout 1 s
    server.enqueue(status == 429 ? Answer.tooManyRequests("30") : Answer.serviceUnavailable("30"));
    finishSpans(2);
    assertFalse(tracer.flush(Duration.ofMillis(500)), "the first attempt got the Retry-After");
    assertEquals(1, server.requests().size());

    tracer.close(); // the server would take the batch now: the last chance is taken

    assertEquals(2, server.spans().size(), tracer.metrics().toString());
    assertEquals(0, tracer.metrics().spansDropped(DropReason.DELIVERY_FAILED));
    assertEverySpanAccountedFor();
  }

  @Test
  void close_againstAServerThatHangs_returnsWithinTheCloseTimeout() {
    tracer(
        reporter()
            .timeouts(Duration.ofMillis(300), Duration.ofSeconds(20))
            .closeTimeout(Duration.ofMillis(500)));
    server.answerAlways(Answer.slow(3_000));
    finishSpans(2);

    long start = System.nanoTime();
    tracer.close(); // the reporter's close: 500 ms for the hanging call, then cancels it

    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(tookMillis < 2_800, "close took " + tookMillis + " ms");
    assertEquals(2, tracer.metrics().spansDropped(DropReason.DELIVERY_FAILED));
    assertEverySpanAccountedFor();
  }

  /** An application's log handler that throws once, on the first message with {@code part}. */
  private static Handler throwingOnceOn(String part, AtomicInteger thrown) {
    return new Handler() {
      @Override
      public void publish(LogRecord record) {
        String message = record.getMessage();
        if (message != null && message.contains(part) && thrown.compareAndSet(0, 1)) {
          throw new IllegalStateException("a log handler of the application's, broken");
        }
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
  }
}
