package com.jstverify.tracing.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.DropReason;
import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.TracerMetrics;
import com.jstverify.tracing.http.TracingInterceptor;
import com.jstverify.tracing.internal.SpanSender;
import com.jstverify.tracing.internal.Version;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.tag.Tags;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The direct transport against a real HTTP server on loopback: what arrives, when, and how. */
class ITDirectReporter {
  static final String API_KEY = "test-key-3f9a1c";

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

  JstVerifyTracer tracer(Consumer<JstVerifyTracer.Builder> custom) {
    JstVerifyTracer.Builder b =
        JstVerifyTracer.builder()
            .serviceName("orders-api")
            .apiKey(API_KEY)
            .endpoint(server.endpoint())
            .tag("deployment.environment", "test")
            .shutdownHook(false)
            .closeTimeout(Duration.ofSeconds(3));
    custom.accept(b);
    tracer = b.build();
    return tracer;
  }

  void finishSpans(int count) {
    for (int i = 0; i < count; i++) tracer.buildSpan("op-" + i).start().finish();
  }

  @Test
  void finishedSpans_arriveOnce_withEveryFieldOfTheContract_andTheHeaders() throws Exception {
    tracer(b -> b.flushInterval(Duration.ofMinutes(1)));
    JstVerifySpan root =
        (JstVerifySpan) tracer.buildSpan("GET /users/{id}").withTag(Tags.COMPONENT, "jaxrs").start();
    root.setHttpMetadata("GET", "/users/42", 200);
    root.setBaggageItem("tenant", "acme");
    root.log(Collections.singletonMap("event", "cache-miss"));
    JstVerifySpan child = (JstVerifySpan) tracer.buildSpan("SELECT users").asChildOf(root).start();
    child.setTag("db.type", "sql");
    child.setTag("rows", 3);
    child.finish();
    root.finish();

    assertTrue(tracer.flush(Duration.ofSeconds(5)));

    List<Map<String, Object>> spans = server.spans();
    assertEquals(2, spans.size());
    Map<String, Object> r = spans.get(1); // finish order: the child first
    Map<String, Object> c = spans.get(0);
    assertEquals(root.traceId(), r.get("traceId"));
    assertEquals(root.spanId(), r.get("spanId"));
    assertNull(r.get("parentSpanId"));
    assertEquals("GET /users/{id}", r.get("operationName"));
    assertEquals("orders-api", r.get("serviceName"));
    assertEquals("http", r.get("serviceType"));
    assertEquals((double) (root.startMicros() / 1000), r.get("startTime"));
    assertEquals((double) (root.finishMicros() / 1000), r.get("endTime"));
    assertEquals(
        (double) (root.finishMicros() / 1000 - root.startMicros() / 1000), r.get("duration"));
    assertEquals((double) root.startMicros(), r.get("startTimeMicros"));
    assertEquals((double) root.durationMicros(), r.get("durationMicros"));
    assertEquals(200.0, r.get("statusCode"));
    assertEquals("GET", r.get("httpMethod"));
    assertEquals("/users/42", r.get("httpUrl"));
    assertEquals(false, r.get("error"));
    Map<?, ?> tags = (Map<?, ?>) r.get("tags");
    assertEquals("jaxrs", tags.get("component"));
    assertEquals("test", tags.get("deployment.environment"));
    List<?> logs = (List<?>) r.get("logs");
    assertEquals(1, logs.size());
    Map<?, ?> log = (Map<?, ?>) logs.get(0);
    assertEquals(Collections.singletonMap("event", "cache-miss"), log.get("fields"));
    assertTrue(log.get("timestampMicros") instanceof Double);
    assertEquals(Collections.singletonMap("tenant", "acme"), r.get("baggage"));

    assertEquals(root.traceId(), c.get("traceId"));
    assertEquals(root.spanId(), c.get("parentSpanId"));
    assertEquals("sql", ((Map<?, ?>) c.get("tags")).get("db.type"));
    assertEquals(3.0, ((Map<?, ?>) c.get("tags")).get("rows"));

    FakeIngestionServer.RecordedRequest request = server.requests().get(0);
    assertEquals("POST", request.method);
    assertEquals(API_KEY, request.header("X-API-Key"));
    assertEquals("application/json", request.header("Content-Type"));
    assertEquals("jstverify-tracer-java/" + Version.get(), request.header("User-Agent"));
    assertFalse(Version.get().contains("${"), Version.get());
    assertTrue(request.body.startsWith("{\"spans\":["), request.body);

    TracerMetrics m = tracer.metrics();
    assertEquals(2, m.spansReported());
    assertEquals(1, m.batchesSent());
    assertEquals(0, m.spansDropped());
    assertEquals(0, m.queueLength());
  }

  @Test
  void fullBatches_leaveAtOnce_withoutWaitingForTheInterval() throws Exception {
    tracer(b -> b.maxBatchSize(10).flushInterval(Duration.ofMinutes(1)));

    finishSpans(25);

    assertTrue(server.awaitSpans(20, Duration.ofSeconds(5)), "two full batches sent by size");
    Thread.sleep(100);
    assertEquals(20, server.spans().size(), "the partial batch waits for the interval or a flush");
    assertTrue(tracer.flush(Duration.ofSeconds(5)));
    assertEquals(25, server.spans().size());
    for (FakeIngestionServer.RecordedRequest r : server.requests()) {
      assertTrue(r.spans.size() <= 10, "batch of " + r.spans.size());
    }
    assertEquals(3, server.requests().size());
  }

  @Test
  void aPartialBatch_leavesWhenTheFlushIntervalPasses() throws Exception {
    tracer(b -> b.maxBatchSize(50).flushInterval(Duration.ofMillis(150)));

    finishSpans(3);

    assertTrue(server.awaitSpans(3, Duration.ofSeconds(3)), "sent by the interval, no flush");
    assertEquals(1, server.requests().size());
  }

  @Test
  void flush_returnsOnlyOnceEverythingQueuedWasAccepted() {
    tracer(b -> b.maxBatchSize(50).flushInterval(Duration.ofMinutes(1)));

    finishSpans(120);

    assertTrue(tracer.flush(Duration.ofSeconds(5)));
    assertEquals(120, server.spans().size(), "delivered before flush returned");
    assertEquals(120, uniqueSpanIds(server.spans()));
    assertEquals(120, tracer.metrics().spansReported());
    assertEquals(3, tracer.metrics().batchesSent());
    assertEquals(0, tracer.metrics().queueLength());
  }

  @Test
  void flush_withNothingQueued_returnsTrueAtOnce() {
    tracer(b -> b.flushInterval(Duration.ofMinutes(1)));

    long start = System.nanoTime();
    assertTrue(tracer.flush(Duration.ofSeconds(5)));
    assertTrue(System.nanoTime() - start < 1_000_000_000L);
    assertTrue(server.requests().isEmpty());
  }

  @Test
  void close_deliversTheRest_andLaterSpansCountAsAfterClose() {
    // close() is also what the tracer's shutdown hook runs.
    tracer(b -> b.flushInterval(Duration.ofMinutes(1)));
    finishSpans(7);

    tracer.close();

    assertEquals(7, server.spans().size());
    tracer.buildSpan("late").start().finish();
    TracerMetrics m = tracer.metrics();
    assertEquals(1, m.spansDropped(DropReason.AFTER_CLOSE));
    assertEquals(m.spansFinished(), m.spansReported() + m.spansDropped());
  }

  @Test
  void shutdownHook_deliversWhatIsStillQueued_whenTheJvmExits() throws Exception {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process app =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                ShutdownHookApp.class.getName(),
                server.endpoint(),
                "3")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();

    assertTrue(app.waitFor(20, TimeUnit.SECONDS), "the child JVM did not exit");
    assertEquals(0, app.exitValue());
    assertEquals(3, server.spans().size(), "sent by the shutdown hook");
    assertEquals("hook-key", server.requests().get(0).header("X-API-Key"));
  }

  @Test
  void debug_logsEachBatch_atInfo_butNeverASpan() {
    try (RecordingLogHandler logs = RecordingLogHandler.install()) {
      tracer(
          b ->
              b.reporter(
                  DirectReporter.builder()
                      .apiKey(API_KEY)
                      .endpoint(server.endpoint())
                      .maxBatchSize(10)
                      .flushInterval(Duration.ofMinutes(1))
                      .debug(true)
                      .build()));
      finishSpans(25);
      assertTrue(tracer.flush(Duration.ofSeconds(5)));

      List<LogRecord> info = logs.at(Level.INFO, SpanSender.LOGGER_NAME);
      assertEquals(3, info.size(), logs.allText());
      assertTrue(info.get(0).getMessage().contains("batch of 10 spans"), info.get(0).getMessage());
      assertTrue(info.get(0).getMessage().contains("HTTP 200"), info.get(0).getMessage());
      assertFalse(logs.allText().contains(API_KEY));
    }
  }

  @Test
  void atTheDefaultLevel_normalDeliveryLogsNothing() {
    try (RecordingLogHandler logs = RecordingLogHandler.install()) {
      tracer(b -> b.maxBatchSize(10).flushInterval(Duration.ofMinutes(1)));
      finishSpans(100);
      assertTrue(tracer.flush(Duration.ofSeconds(5)));

      for (LogRecord r : logs.records()) {
        assertTrue(r.getLevel().intValue() < Level.INFO.intValue(), r.getMessage());
      }
    }
  }

  @Test
  void closingTheReporterItself_flushesAndStops() {
    DirectReporter reporter =
        DirectReporter.builder()
            .apiKey(API_KEY)
            .endpoint(server.endpoint())
            .flushInterval(Duration.ofMinutes(1))
            .build();
    tracer(b -> b.reporter(reporter));
    finishSpans(4);

    reporter.close(); // without the tracer's flush first

    assertEquals(4, server.spans().size());
    reporter.report((JstVerifySpan) tracer.buildSpan("late").start()); // a reporter used directly
    assertEquals(1, tracer.metrics().spansDropped(DropReason.AFTER_CLOSE));
  }

  @Test
  void connectionsAreReused_acrossBatches() throws Exception {
    tracer(b -> b.maxBatchSize(5).flushInterval(Duration.ofMinutes(1)));
    for (int i = 0; i < 4; i++) {
      finishSpans(5);
      assertTrue(server.awaitSpans(5 * (i + 1), Duration.ofSeconds(5)));
    }
    Set<Integer> connections = new HashSet<>();
    for (FakeIngestionServer.RecordedRequest r : server.requests()) connections.add(r.clientPort);
    assertEquals(1, connections.size(), "4 batches over one kept-alive connection");
  }

  @Test
  void anApplicationsOkHttpClient_sendsTheBatches_withoutTracingThem() throws Exception {
    TestTracer appTracer = TestTracer.create();
    OkHttpClient appClient =
        new OkHttpClient.Builder()
            .addInterceptor(
                chain ->
                    chain.proceed(chain.request().newBuilder().header("X-Corp-Proxy", "yes").build()))
            .addInterceptor(TracingInterceptor.create(appTracer))
            .build();
    tracer(
        b ->
            b.reporter(
                DirectReporter.builder()
                    .apiKey(API_KEY)
                    .endpoint(server.endpoint())
                    .httpClient(appClient)
                    .build()));

    finishSpans(3);
    assertTrue(tracer.flush(Duration.ofSeconds(5)));

    assertEquals(3, server.spans().size());
    assertEquals("yes", server.requests().get(0).header("X-Corp-Proxy"), "its interceptors run");
    assertEquals(API_KEY, server.requests().get(0).header("X-API-Key"));
    assertEquals(0, appTracer.finishedSpans().size(), "a traced batch would be a span about spans");
    appTracer.close();
  }

  static int uniqueSpanIds(List<Map<String, Object>> spans) {
    Set<Object> ids = new HashSet<>();
    for (Map<String, Object> s : spans) ids.add(s.get("spanId"));
    return ids.size();
  }
}
