package com.jstverify.tracing.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.TracerMetrics;
import com.jstverify.tracing.reporter.FakeIngestionServer.Answer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The direct transport while it stops: closes racing each other, and what every span came to
 * once close() has returned.
 */
class ITDirectReporterShutdown {
  static final String API_KEY = "shutdown-key-51c0";

  FakeIngestionServer server;
  JstVerifyTracer tracer;
  final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void startServer() throws Exception {
    server = FakeIngestionServer.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    if (tracer != null) tracer.close();
    server.close();
  }

  DirectReporter.Builder reporter() {
    return DirectReporter.builder()
        .apiKey(API_KEY)
        .endpoint(server.endpoint())
        .flushInterval(Duration.ofMillis(50))
        .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60))
        .backoff(Duration.ofMillis(20), Duration.ofMillis(200))
        .closeTimeout(Duration.ofSeconds(60)); // generous: these tests never wait it out
  }

  JstVerifyTracer tracer(DirectReporter.Builder reporter) {
    tracer =
        JstVerifyTracer.builder()
            .serviceName("orders-api")
            .reporter(reporter.build())
            .shutdownHook(false)
            .closeTimeout(Duration.ofSeconds(60))
            .build();
    return tracer;
  }

  void finishSpans(int count) {
    for (int i = 0; i < count; i++) tracer.buildSpan("op-" + i).start().finish();
  }

  static Thread start(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Until {@code t} has ended or waits for something: never a timing assertion. */
  static void awaitEndedOrWaiting(Thread t) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() - deadline < 0) {
      Thread.State state = t.getState();
      if (state != Thread.State.NEW && state != Thread.State.RUNNABLE) return;
      Thread.yield();
    }
    throw new AssertionError(t.getName() + " neither returned nor waited: " + t.getState());
  }

  @Test
  void aSecondClose_whileTheFirstStillDelivers_returnsOnlyOnceEverySpanIsSettled()
      throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    server.enqueue(Answer.held(200, arrived, release));
    tracer(reporter());
    finishSpans(2);
    TracerMetrics m = tracer.metrics();

    // The application closes; its last batch is in flight when the JVM's shutdown hook closes too.
    Thread application = start("application-close", tracer::close);
    assertTrue(arrived.await(30, TimeUnit.SECONDS), "the batch reached the server");
    AtomicReference<Map<String, Long>> whenHookReturned = new AtomicReference<>();
    Thread hook =
        start(
            "shutdown-hook-close",
            () -> {
              tracer.close();
              whenHookReturned.set(m.snapshot());
            });
    awaitEndedOrWaiting(hook);
    release.countDown(); // the server takes the batch

    hook.join(TimeUnit.SECONDS.toMillis(30));
    application.join(TimeUnit.SECONDS.toMillis(30));
    // Returning from its close(), the hook lets the JVM halt: the batch must be settled by then.
    Map<String, Long> seen = whenHookReturned.get();
    assertEquals(2L, seen.get("spansReported"), seen.toString());
    assertEquals(0L, seen.get("queueLength"), seen.toString());
    assertEquals(2, server.spans().size());
  }
}
