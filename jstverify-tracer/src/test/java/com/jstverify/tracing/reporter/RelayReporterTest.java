package com.jstverify.tracing.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.DropReason;
import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.TracerMetrics;
import com.jstverify.tracing.Transport;
import com.squareup.moshi.JsonReader;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The relay transport: spans collected per request and packed into the response header. */
class RelayReporterTest {
  final List<JstVerifyTracer> tracers = new ArrayList<>();

  @AfterEach
  void closeTracers() {
    for (JstVerifyTracer t : tracers) t.close();
  }

  JstVerifyTracer relayTracer() {
    return track(
        JstVerifyTracer.builder()
            .serviceName("orders-api")
            .transport(Transport.RELAY)
            .shutdownHook(false)
            .build());
  }

  JstVerifyTracer tracerWith(RelayReporter relay) {
    return track(
        JstVerifyTracer.builder()
            .serviceName("orders-api")
            .reporter(relay)
            .shutdownHook(false)
            .build());
  }

  JstVerifyTracer track(JstVerifyTracer tracer) {
    tracers.add(tracer);
    return tracer;
  }

  static RelayReporter relayOf(JstVerifyTracer tracer) {
    return (RelayReporter) tracer.reporter();
  }

  static JstVerifySpan serverSpan(JstVerifyTracer tracer, String name) {
    return (JstVerifySpan)
        tracer.buildSpan(name).withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER).start();
  }

  static JstVerifySpan child(JstVerifyTracer tracer, JstVerifySpan parent, String name) {
    return (JstVerifySpan) tracer.buildSpan(name).asChildOf(parent).start();
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> spansIn(String header) throws IOException {
    String json = RelayHeaders.decode(header);
    assertNotNull(json, "decodable: " + header);
    return (List<Map<String, Object>>) JsonReader.of(new Buffer().writeUtf8(json)).readJsonValue();
  }

  static List<Object> spanIds(List<Map<String, Object>> spans) {
    List<Object> ids = new ArrayList<>();
    for (Map<String, Object> s : spans) ids.add(s.get("spanId"));
    return ids;
  }

  static void assertAccounted(JstVerifyTracer tracer) {
    TracerMetrics m = tracer.metrics();
    assertEquals(m.spansFinished(), m.spansReported() + m.spansDropped(), m.toString());
  }

  @Test
  void relayTransport_buildsARelayReporter_withoutApiKeyOrEndpoint() {
    assertTrue(relayTracer().reporter() instanceof RelayReporter);
  }

  @Test
  void endRequest_givesTheRequestsSpans_serverSpanFirst_thenFinishOrder() throws IOException {
    JstVerifyTracer tracer = relayTracer();
    RelayReporter relay = relayOf(tracer);
    JstVerifySpan server = serverSpan(tracer, "GET /users/{id}");
    relay.beginRequest(server);
    JstVerifySpan query = child(tracer, server, "SELECT users");
    JstVerifySpan cache = child(tracer, query, "cache get"); // a grandchild belongs too
    cache.finish();
    query.finish();
    server.setHttpMetadata("GET", "/users/42", 200);
    server.finish();

    String header = relay.endRequest(server);

    List<Map<String, Object>> spans = spansIn(header);
    assertEquals(List.of(server.spanId(), cache.spanId(), query.spanId()), spanIds(spans));
    Map<String, Object> first = spans.get(0);
    assertEquals(server.traceId(), first.get("traceId"));
    assertEquals("GET /users/{id}", first.get("operationName"));
    assertEquals("orders-api", first.get("serviceName"));
    assertEquals(200.0, first.get("statusCode"));
    assertEquals("/users/42", first.get("httpUrl"));
    assertEquals(server.spanId(), spans.get(2).get("parentSpanId"));
    assertEquals(3, tracer.metrics().spansReported());
    assertAccounted(tracer);
  }

  @Test
  void aLogValueWhoseToStringThrowsAnError_neitherReachesTheApplicationNorCostsTheSpan()
      throws IOException {
    JstVerifyTracer tracer = relayTracer();
    RelayReporter relay = relayOf(tracer);
    JstVerifySpan server = serverSpan(tracer, "GET /orders");
    relay.beginRequest(server);
    JstVerifySpan query = child(tracer, server, "SELECT orders");
    Object broken =
        new Object() {
          @Override
          public String toString() {
            throw new AssertionError("an assert in the application's toString");
          }
        };
    query.log(Map.of("row", broken));
    query.finish();
    server.finish();

    String header = relay.endRequest(server); // would throw the AssertionError into the filter

    List<Map<String, Object>> spans = spansIn(header);
    assertEquals(List.of(server.spanId(), query.spanId()), spanIds(spans));
    assertEquals(2, tracer.metrics().spansReported());
    assertAccounted(tracer);
  }

  @Test
  void abandonRequest_sendsTheSpansThroughTheFallback_asSpansOutsideRequestsGo() {
    InMemoryReporter fallback = new InMemoryReporter(10);
    JstVerifyTracer tracer = tracerWith(RelayReporter.builder().fallback(fallback).build());
    RelayReporter relay = relayOf(tracer);
    JstVerifySpan server = serverSpan(tracer, "GET /orders");
    relay.beginRequest(server);
    child(tracer, server, "SELECT orders").finish();
    server.finish();

    relay.abandonRequest(server); // the handler threw: no response will carry a header

    assertEquals(2, fallback.finishedSpans().size());
    assertNull(relay.endRequest(server), "ended once");
    assertAccounted(tracer);
  }

  @Test
  void endRequest_collectsOnlyItsOwnRequest() throws IOException {
    JstVerifyTracer tracer = relayTracer();
    RelayReporter relay = relayOf(tracer);
    JstVerifySpan a = serverSpan(tracer, "GET /a");
    JstVerifySpan b = serverSpan(tracer, "GET /b");
    relay.beginRequest(a);
    relay.beginRequest(b);
    JstVerifySpan childOfB = child(tracer, b, "b's query");
    childOfB.finish();
    a.finish();
    b.finish();

    assertEquals(List.of(a.spanId()), spanIds(spansIn(relay.endRequest(a))));
    assertEquals(List.of(b.spanId(), childOfB.spanId()), spanIds(spansIn(relay.endRequest(b))));
  }

  @Test
  void endRequest_withNothingToSend_returnsNull() {
    JstVerifyTracer tracer = relayTracer();
    RelayReporter relay = relayOf(tracer);
    JstVerifySpan server = serverSpan(tracer, "GET /");

    assertNull(relay.endRequest(server), "never begun");
    relay.beginRequest(server);
    assertNull(relay.endRequest(server), "the server span has not finished: nothing collected");
    assertNull(relay.endRequest(server), "ended twice");
  }

  @Test
  void unsampledRequest_givesNoHeader() {
    JstVerifyTracer tracer = relayTracer();
    RelayReporter relay = relayOf(tracer);
    JstVerifySpan server = serverSpan(tracer, "GET /health");
    server.setTag(Tags.SAMPLING_PRIORITY, 0);
    relay.beginRequest(server);
    server.finish();

    assertNull(relay.endRequest(server));
    assertEquals(1, tracer.metrics().spansDropped(DropReason.UNSAMPLED));
  }

  @Test
  void manySpans_fillTheHeaderUpTo7500Bytes_withWholeSpansOnly_andTheRestCounted()
      throws IOException {
    JstVerifyTracer tracer = relayTracer();
    RelayReporter relay = relayOf(tracer);
    JstVerifySpan server = serverSpan(tracer, "GET /report");
    relay.beginRequest(server);
    for (int i = 0; i < 100; i++) child(tracer, server, "query " + i).finish();
    server.finish();

    String header = relay.endRequest(server);

    assertTrue(header.length() <= 7500, "value bytes: " + header.length());
    assertTrue(
        (RelayHeaders.HEADER_NAME + ": " + header).length() <= 7500, "the whole line fits too");
    assertTrue(header.length() > 7000, "the header is used, not left half empty");
    List<Map<String, Object>> spans = spansIn(header); // a complete, parseable array
    assertEquals(server.spanId(), spans.get(0).get("spanId"), "the server span has priority");
    assertEquals("query 0", spans.get(1).get("operationName"), "then finish order");
    assertEquals("query " + (spans.size() - 2), spans.get(spans.size() - 1).get("operationName"));
    TracerMetrics m = tracer.metrics();
    assertEquals(spans.size(), m.spansReported());
    assertEquals(101 - spans.size(), m.spansDropped(DropReason.RELAY_HEADER_FULL));
    assertAccounted(tracer);
  }

  @Test
  void hugeSpan_isLeftOutWhole_andSmallerLaterSpansStillGoIn() throws IOException {
    JstVerifyTracer tracer = relayTracer();
    RelayReporter relay = relayOf(tracer);
    JstVerifySpan server = serverSpan(tracer, "POST /upload");
    relay.beginRequest(server);
    JstVerifySpan huge = child(tracer, server, "parse");
    huge.setTag("payload", "x".repeat(20_000));
    huge.finish();
    JstVerifySpan small = child(tracer, server, "store");
    small.finish();
    server.finish();

    List<Map<String, Object>> spans = spansIn(relay.endRequest(server));

    assertEquals(List.of(server.spanId(), small.spanId()), spanIds(spans));
    assertEquals(1, tracer.metrics().spansDropped(DropReason.RELAY_HEADER_FULL));
    assertAccounted(tracer);
  }

  @Test
  void hugeServerSpan_isTrimmedToFit_ratherThanLeavingTheRequestOffTheMap() throws IOException {
    JstVerifyTracer tracer = relayTracer();
    RelayReporter relay = relayOf(tracer);
    JstVerifySpan server = serverSpan(tracer, "GET /search");
    relay.beginRequest(server);
    server.setTag("query", "q".repeat(30_000));
    server.finish();

    String header = relay.endRequest(server);

    assertTrue(header.length() <= 7500);
    List<Map<String, Object>> spans = spansIn(header);
    assertEquals(1, spans.size());
    Map<?, ?> tags = (Map<?, ?>) spans.get(0).get("tags");
    assertEquals(true, tags.get("jstverify.truncated"));
    assertEquals("GET /search", spans.get(0).get("operationName"));
  }

  @Test
  void spansOutsideAnyRequest_withoutFallback_areCountedNoRequest() {
    JstVerifyTracer tracer = relayTracer();
    tracer.buildSpan("nightly-job").start().finish();

    assertEquals(1, tracer.metrics().spansDropped(DropReason.NO_REQUEST));
    assertAccounted(tracer);
  }

  @Test
  void spanFinishedAfterItsRequestEnded_isHandledAsOutsideAnyRequest() {
    JstVerifyTracer tracer = relayTracer();
    RelayReporter relay = relayOf(tracer);
    JstVerifySpan server = serverSpan(tracer, "GET /async");
    relay.beginRequest(server);
    JstVerifySpan late = child(tracer, server, "fire and forget");
    server.finish();
    relay.endRequest(server);
    late.finish();

    assertEquals(1, tracer.metrics().spansDropped(DropReason.NO_REQUEST));
    assertAccounted(tracer);
  }

  @Test
  void spansOutsideAnyRequest_goToTheFallback() {
    InMemoryReporter fallback = new InMemoryReporter();
    RelayReporter relay = RelayReporter.builder().fallback(fallback).build();
    JstVerifyTracer tracer = tracerWith(relay);
    JstVerifySpan server = serverSpan(tracer, "GET /");
    relay.beginRequest(server);
    JstVerifySpan job = (JstVerifySpan) tracer.buildSpan("cron").start();
    job.finish();
    server.finish();

    assertNotNull(relay.endRequest(server));
    assertEquals(1, fallback.finishedSpans().size());
    assertSame(job, fallback.finishedSpans().get(0));
    assertEquals(2, tracer.metrics().spansReported());
  }

  @Test
  void aRequestNeverEnded_isEvicted_soOpenRequestsStayBounded() {
    RelayReporter relay = RelayReporter.builder().maxOpenRequests(2).build();
    JstVerifyTracer tracer = tracerWith(relay);
    JstVerifySpan leaked = serverSpan(tracer, "GET /leak");
    relay.beginRequest(leaked);
    child(tracer, leaked, "work").finish();

    for (int i = 0; i < 50; i++) {
      JstVerifySpan s = serverSpan(tracer, "GET /" + i);
      relay.beginRequest(s); // never ended either
    }

    assertTrue(relay.openRequests() <= 2, "open: " + relay.openRequests());
    assertEquals(1, tracer.metrics().spansDropped(DropReason.NO_REQUEST), "the leaked child");
    assertEquals(0, tracer.metrics().queueLength());
    assertAccounted(tracer);
  }

  @Test
  void spansPerRequestAndSpansHeld_areBounded() {
    RelayReporter relay = RelayReporter.builder().maxQueueSize(150).build();
    JstVerifyTracer tracer = tracerWith(relay);
    JstVerifySpan first = serverSpan(tracer, "GET /chatty");
    relay.beginRequest(first);
    for (int i = 0; i < 1_000; i++) child(tracer, first, "span " + i).finish();

    TracerMetrics m = tracer.metrics();
    assertEquals(RelayReporter.MAX_SPANS_PER_REQUEST, m.queueLength());
    assertEquals(
        1_000 - RelayReporter.MAX_SPANS_PER_REQUEST, m.spansDropped(DropReason.RELAY_HEADER_FULL));

    JstVerifySpan second = serverSpan(tracer, "GET /other");
    relay.beginRequest(second);
    for (int i = 0; i < 100; i++) child(tracer, second, "span " + i).finish();
    assertEquals(150, m.queueLength(), "no more than maxQueueSize held across requests");
    assertEquals(
        100 - (150 - RelayReporter.MAX_SPANS_PER_REQUEST), m.spansDropped(DropReason.QUEUE_FULL));

    first.finish();
    second.finish();
    relay.endRequest(first);
    relay.endRequest(second);
    assertEquals(0, m.queueLength(), "ending the requests frees everything");
    assertAccounted(tracer);
  }

  @Test
  void serverSpan_alwaysGetsIn_evenWhenItsRequestAndTheReporterAreFull() throws IOException {
    RelayReporter relay =
        RelayReporter.builder().maxQueueSize(RelayReporter.MAX_SPANS_PER_REQUEST).build();
    JstVerifyTracer tracer = tracerWith(relay);
    JstVerifySpan server = serverSpan(tracer, "GET /chatty");
    relay.beginRequest(server);
    for (int i = 0; i < 500; i++) child(tracer, server, "span " + i).finish();
    server.finish(); // last, after both bounds were reached

    List<Map<String, Object>> spans = spansIn(relay.endRequest(server));

    assertEquals(server.spanId(), spans.get(0).get("spanId"));
    assertEquals("span 0", spans.get(1).get("operationName"));
    assertAccounted(tracer);
  }

  @Test
  void concurrentRequests_eachGetOnlyTheirOwnSpans() throws Exception {
    JstVerifyTracer tracer = relayTracer();
    RelayReporter relay = relayOf(tracer);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int r = 0; r < 200; r++) {
        int request = r;
        results.add(
            pool.submit(
                () -> {
                  JstVerifySpan server = serverSpan(tracer, "GET /" + request);
                  relay.beginRequest(server);
                  for (int i = 0; i < 3; i++) child(tracer, server, "r" + request).finish();
                  server.finish();
                  List<Map<String, Object>> spans = spansIn(relay.endRequest(server));
                  for (Map<String, Object> s : spans) {
                    assertEquals(server.traceId(), s.get("traceId"));
                  }
                  return spans.size() == 4 ? "ok" : "got " + spans.size();
                }));
      }
      for (Future<String> f : results) assertEquals("ok", f.get(10, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
    assertEquals(800, tracer.metrics().spansReported());
    assertEquals(0, relay.openRequests());
    assertAccounted(tracer);
  }

  @Test
  void aFallbackThatThrows_costsEachSpanItFailsOn_notTheCallerNorTheRestOfTheRequest() {
    Reporter broken =
        new Reporter() {
          @Override
          public void report(JstVerifySpan span) {
            throw new IllegalStateException("broken fallback");
          }
        };
    JstVerifyTracer tracer = tracerWith(RelayReporter.builder().fallback(broken).build());
    RelayReporter relay = relayOf(tracer);
    JstVerifySpan server = serverSpan(tracer, "GET /orders");
    relay.beginRequest(server);
    child(tracer, server, "SELECT orders").finish();
    child(tracer, server, "SELECT items").finish();
    server.finish();

    relay.abandonRequest(server); // the handler threw: its spans go to the fallback

    assertEquals(3, tracer.metrics().spansDropped(DropReason.DELIVERY_FAILED));
    assertEquals(0, tracer.metrics().queueLength());
    assertAccounted(tracer);
  }

  @Test
  void requestsBegunConcurrently_neverLeaveMoreThanTheBoundOpenForGood() throws Exception {
    RelayReporter relay = RelayReporter.builder().maxOpenRequests(2).build();
    JstVerifyTracer tracer = tracerWith(relay);
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> begun = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        begun.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 2_000; i++) {
                    relay.beginRequest(serverSpan(tracer, "GET /leak")); // never ended
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : begun) f.get(30, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }

    relay.beginRequest(serverSpan(tracer, "GET /next")); // alone: room is made for it

    assertTrue(relay.openRequests() <= 2, "open: " + relay.openRequests());
  }

  @Test
  void afterClose_spansAreCountedAfterClose_andOpenRequestsCanStillEnd() throws IOException {
    JstVerifyTracer tracer = relayTracer();
    RelayReporter relay = relayOf(tracer);
    JstVerifySpan server = serverSpan(tracer, "GET /shutdown");
    relay.beginRequest(server);
    server.finish();
    tracer.close();
    tracer.buildSpan("late").start().finish();

    assertEquals(List.of(server.spanId()), spanIds(spansIn(relay.endRequest(server))));
    assertEquals(1, tracer.metrics().spansDropped(DropReason.AFTER_CLOSE));
    assertAccounted(tracer);
  }
}
