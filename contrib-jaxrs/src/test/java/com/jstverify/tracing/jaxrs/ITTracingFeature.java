package com.jstverify.tracing.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.scope.ThreadLocalScopeManager;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Tracer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server feature on Jersey and Grizzly, with real requests over loopback. */
class ITTracingFeature {
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String PARENT_ID = "b7ad6b7169203331";

  static ThreadLocalScopeManager scopes;
  static TestTracer tracer;
  static TestResources.LeakProbe probe;
  static LoopbackServer server;

  @BeforeAll
  static void start() {
    scopes = new ThreadLocalScopeManager();
    tracer = TestTracer.create(b -> b.scopeManager(scopes));
    probe = new TestResources.LeakProbe(tracer);
    // One request thread: consecutive requests share it, so a leaked scope would show.
    server =
        new LoopbackServer(
            application(
                tracer,
                probe,
                TestResources.FailingResponseFilter.class,
                TestResources.Gatekeeper.class),
            1);
  }

  static ResourceConfig application(Tracer tracer, Object... more) {
    ResourceConfig app =
        new ResourceConfig()
            .register(new TestResources.Users(tracer))
            .register(new TestResources.Work(tracer))
            .register(new TestResources.Async(tracer))
            .register(new TestResources.Errors())
            .register(new TestResources.Health())
            .register(new TestResources.Orders())
            .register(new TestResources.Comments())
            .register(new TestResources.Unwritables())
            .register(TestResources.UnwritableWriter.class)
            .register(TestResources.BoomMapper.class)
            .register(TestResources.BadInputMapper.class)
            .register(TestResources.DoomedMapper.class)
            .register(
                TracingFeature.builder()
                    .tracer(tracer)
                    .skipPattern(Pattern.compile("/health"))
                    .extraTags(r -> tenantTag(r.getHeaderString("X-Tenant")))
                    .build());
    for (Object o : more) {
      if (o instanceof Class) {
        app.register((Class<?>) o);
      } else {
        app.register(o);
      }
    }
    return app;
  }

  static Map<String, ?> tenantTag(String tenant) {
    return tenant == null ? Map.of() : Map.of("tenant", tenant);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    tracer.reset();
    probe.activeAtStart.clear();
  }

  @Test
  void browserRequest_withJstVerifyHeaders_continuesTheTrace() {
    HttpResponse<String> response =
        server.get(
            "/users/42",
            "X-JstVerify-Trace-Id", TRACE_ID,
            "X-JstVerify-Parent-Span-Id", PARENT_ID,
            "X-Tenant", "acme");

    assertEquals(200, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /users/{id}");
    assertEquals(TRACE_ID, span.traceId());
    assertEquals(PARENT_ID, span.parentId());
    assertEquals(span.spanId(), response.body(), "the server span is active in the resource");
    assertEquals("server", span.tag("span.kind"));
    assertEquals("jaxrs", span.tag("component"));
    assertEquals("GET", span.httpMethod());
    assertEquals("/users/42", span.httpUrl());
    assertEquals(200, span.statusCode());
    assertEquals("acme", span.tag("tenant"));
    assertFalse(span.isError());
  }

  @Test
  void w3cOnlyRequest_continuesTheTrace() {
    server.get("/users/7", "traceparent", "00-" + TRACE_ID + "-" + PARENT_ID + "-01");

    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /users/{id}");
    assertEquals(TRACE_ID, span.traceId());
    assertEquals(PARENT_ID, span.parentId());
  }

  @Test
  void requestWithoutHeaders_startsANewRoot() {
    server.get("/users/7");

    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /users/{id}");
    assertNull(span.parentId());
    assertNotEquals(TRACE_ID, span.traceId());
  }

  @Test
  void malformedHeaders_startANewRoot_andTheRequestSucceeds() {
    HttpResponse<String> response =
        server.get(
            "/users/7",
            "X-JstVerify-Trace-Id", "not-a-trace-id",
            "X-JstVerify-Parent-Span-Id", "0000000000000000",
            "traceparent", "00-zzzz-yyyy-01");

    assertEquals(200, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /users/{id}");
    assertNull(span.parentId());
  }

  @Test
  void asyncResponse_resumedOnAnotherThread_finishesWithItsStatus_andLeaksNoScope() {
    HttpResponse<String> response = server.get("/async/resume");

    assertEquals(202, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /async/resume");
    assertEquals(202, span.statusCode());
    assertEquals(span.spanId(), response.body(), "active while the resource method ran");
    assertTrue(span.durationMicros() >= 50_000, "finished on resume, not on return");
    assertNoScopeLeft();
  }

  @Test
  void asyncResponse_resumedWithAnEntityThatFailsToSerialize_isThe500TheClientGot() {
    HttpResponse<String> response = server.get("/async/resume-unwritable");

    assertEquals(500, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /async/resume-unwritable");
    assertEquals(500, span.statusCode());
    assertErrorLogged(span, IllegalStateException.class);
    assertNoScopeLeft();
  }

  @Test
  void asyncResponse_thatTimesOut_finishesOnce_withTheStatusSent() {
    HttpResponse<String> response = server.get("/async/timeout");

    assertEquals(503, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /async/timeout");
    assertEquals(503, span.statusCode());
    assertTrue(span.isError());
    assertEquals(1, tracer.finishedSpans().size(), tracer.finishedSpans().toString());
    assertNoScopeLeft();
  }

  @Test
  void asyncResponse_cancelled_finishesOnce_withTheStatusSent() {
    HttpResponse<String> response = server.get("/async/cancel");

    assertEquals(503, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /async/cancel");
    assertEquals(503, span.statusCode());
    assertEquals(1, tracer.finishedSpans().size(), tracer.finishedSpans().toString());
    assertNoScopeLeft();
  }

  @Test
  void completionStage_finishesWhenItCompletes_andLeaksNoScope() {
    HttpResponse<String> response = server.get("/async/stage");

    assertEquals(200, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /async/stage");
    assertEquals(200, span.statusCode());
    assertEquals(span.spanId(), response.body());
    assertTrue(span.durationMicros() >= 50_000);
    assertNoScopeLeft();
  }

  @Test
  void completionStage_failingWithAMappedException_isAnError() {
    HttpResponse<String> response = server.get("/async/stage-fails");

    assertEquals(503, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /async/stage-fails");
    assertEquals(503, span.statusCode());
    assertTrue(span.isError());
    assertNoScopeLeft();
  }

  @Test
  void exceptionMappedTo5xx_isAnError_withTheExceptionLogged() {
    HttpResponse<String> response = server.get("/errors/mapped5xx");

    assertEquals(503, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /errors/mapped5xx");
    assertEquals(503, span.statusCode());
    assertEquals(Boolean.TRUE, span.tag("error"));
    assertErrorLogged(span, TestResources.Boom.class);
  }

  @Test
  void exceptionMappedTo4xx_isNotAnError() {
    HttpResponse<String> response = server.get("/errors/mapped4xx");

    assertEquals(400, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /errors/mapped4xx");
    assertEquals(400, span.statusCode());
    assertFalse(span.isError());
    assertTrue(span.logEntries().isEmpty());
  }

  @Test
  void unmappedException_isAnError_andTheSpanStillFinishes() {
    HttpResponse<String> response = server.get("/errors/unmapped");

    assertEquals(500, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /errors/unmapped");
    assertTrue(span.isError());
    assertEquals(500, span.statusCode());
    assertErrorLogged(span, IllegalStateException.class);
    assertNoScopeLeft();
  }

  @Test
  void entityThatFailsToSerialize_isThe500TheClientGot_withTheException() {
    HttpResponse<String> response = server.get("/unwritable/unmapped");

    assertEquals(500, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /unwritable/unmapped");
    assertEquals(500, span.statusCode());
    assertEquals(Boolean.TRUE, span.tag("error"));
    assertErrorLogged(span, IllegalStateException.class);
    assertNoScopeLeft();
  }

  @Test
  void entityThatFailsToSerialize_withAMappedException_hasTheMappedStatus() {
    HttpResponse<String> response = server.get("/unwritable/mapped");

    assertEquals(503, response.statusCode());
    assertEquals("unavailable", response.body());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /unwritable/mapped");
    assertEquals(503, span.statusCode());
    assertTrue(span.isError());
    assertErrorLogged(span, TestResources.Boom.class);
    assertNoScopeLeft();
  }

  @Test
  void entityThatFailsAfterTheHeadersWentOut_isAnError_withTheStatusSent() {
    HttpResponse<String> response = server.get("/unwritable/after-headers");

    assertEquals(200, response.statusCode(), "Jersey only logs the failure, the body is cut short");
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /unwritable/after-headers");
    assertEquals(200, span.statusCode());
    assertEquals(Boolean.TRUE, span.tag("error"));
    assertErrorLogged(span, IllegalStateException.class);
    assertNoScopeLeft();
  }

  @Test
  void errorResponseThatFailsToSerialize_isThe500TheClientGot() {
    HttpResponse<String> response = server.get("/errors/mapped-unwritable");

    assertEquals(500, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /errors/mapped-unwritable");
    assertEquals(500, span.statusCode());
    assertTrue(span.isError());
    assertErrorLogged(span, TestResources.Doomed.class);
    assertEquals(1, tracer.finishedSpans().size(), tracer.finishedSpans().toString());
    assertNoScopeLeft();
  }

  @Test
  void headRequest_isTracedOnce_asAHead_withItsStatus() {
    HttpResponse<String> response =
        server.send(
            HttpRequest.newBuilder(server.uri("/users/4"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));

    assertEquals(200, response.statusCode());
    JstVerifySpan span = Spans.await(tracer, Spans.kind("server"));
    assertEquals(200, span.statusCode());
    assertFalse(span.isError());
    // Jersey serves it with the GET method, and says GET from then on: the span says HEAD.
    assertEquals("HEAD", span.httpMethod());
    assertEquals("HEAD /users/{id}", span.operationName());
    assertEquals(1, tracer.finishedSpans().size(), tracer.finishedSpans().toString());
    assertNoScopeLeft();
  }

  @Test
  void failingResponseFilter_beforeOurs_stillFinishesTheSpan_asAnError() {
    HttpResponse<String> response = server.get("/users/5", "X-Fail-Response-Filter", "yes");

    assertEquals(500, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET /users/{id}");
    assertEquals(500, span.statusCode());
    assertTrue(span.isError());
    assertErrorLogged(span, IllegalStateException.class);
    assertNoScopeLeft();
  }

  @Test
  void skipPattern_leavesHealthChecksUntraced() {
    assertEquals(200, server.get("/health").statusCode());
    server.get("/users/1");

    Spans.awaitNamed(tracer, "GET /users/{id}");
    assertTrue(Spans.named(tracer, "GET /health").isEmpty(), tracer.finishedSpans().toString());
    assertEquals(1, tracer.finishedSpans().size());
  }

  @Test
  void corsPreflight_isNotTraced() {
    HttpResponse<String> preflight =
        server.send(
            HttpRequest.newBuilder(server.uri("/users/1"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
            "Origin", "https://app.example.com",
            "Access-Control-Request-Method", "GET");
    assertTrue(preflight.statusCode() < 500, "status " + preflight.statusCode());
    server.get("/users/1");

    Spans.awaitNamed(tracer, "GET /users/{id}");
    assertEquals(1, tracer.finishedSpans().size(), tracer.finishedSpans().toString());
  }

  @Test
  void subResources_areNamedByTheirWholeRoute() {
    assertEquals("items", server.get("/orders/12/items").body());
    assertEquals("item 7", server.get("/orders/12/items/7").body());

    assertEquals("/orders/12/items", Spans.awaitNamed(tracer, "GET /orders/{id}/items").httpUrl());
    assertEquals(
        "/orders/12/items/7",
        Spans.awaitNamed(tracer, "GET /orders/{id}/items/{itemId}").httpUrl());
    assertEquals(2, tracer.finishedSpans().size(), tracer.finishedSpans().toString());
  }

  @Test
  void rootResource_reachedThroughALocator_isNamedByTheRouteItWasReachedBy() {
    assertEquals("comment 3", server.get("/orders/12/comments/3").body());
    assertEquals("comment 4", server.get("/comments/4").body());

    assertEquals(
        "/orders/12/comments/3",
        Spans.awaitNamed(tracer, "GET /orders/{id}/comments/{commentId}").httpUrl());
    assertEquals("/comments/4", Spans.awaitNamed(tracer, "GET /comments/{commentId}").httpUrl());
    assertEquals(2, tracer.finishedSpans().size(), tracer.finishedSpans().toString());
  }

  @Test
  void pathParameters_stayOutOfTheUrl() {
    // Not ";jsessionid=": Grizzly takes that one out of the path itself (servlet containers
    // and other runtimes do not).
    assertEquals(404, server.get("/cart;sid=1A2B3C4D/items;v=2").statusCode());

    assertEquals("/cart/items", Spans.awaitNamed(tracer, "GET (unmatched)").httpUrl());
  }

  @Test
  void optionsTheRuntimeAnswers_isNamedByTheRouteItAnswersFor() {
    HttpResponse<String> options =
        server.send(
            HttpRequest.newBuilder(server.uri("/users/1"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));

    assertEquals(200, options.statusCode());
    assertEquals(200, Spans.awaitNamed(tracer, "OPTIONS /users/{id}").statusCode());
  }

  @Test
  void unmatchedPaths_areTraced_underOneName_withThePathInTheUrl() {
    long before = epochMicros();
    HttpResponse<String> response =
        server.get(
            "/nowhere/42",
            "X-JstVerify-Trace-Id", TRACE_ID,
            "X-JstVerify-Parent-Span-Id", PARENT_ID);
    server.get("/users/not-a-number");
    long after = epochMicros();

    assertEquals(404, response.statusCode());
    // Finished by a response filter: before the response went out.
    List<JstVerifySpan> spans = Spans.named(tracer, "GET (unmatched)");
    assertEquals(2, spans.size(), tracer.finishedSpans().toString());
    JstVerifySpan browserCall = spans.get(0);
    assertEquals(TRACE_ID, browserCall.traceId());
    assertEquals(PARENT_ID, browserCall.parentId());
    assertEquals("server", browserCall.tag("span.kind"));
    assertEquals("jaxrs", browserCall.tag("component"));
    assertEquals("/nowhere/42", browserCall.httpUrl());
    assertEquals(404, browserCall.statusCode());
    assertFalse(browserCall.isError());
    assertTrue(before <= browserCall.startMicros(), "started when the request arrived");
    assertTrue(browserCall.finishMicros() <= after);
    assertEquals("/users/not-a-number", spans.get(1).httpUrl(), "a route whose pattern failed");
    assertNoScopeLeft();
  }

  @Test
  void methodNotAllowed_isTraced_asUnmatched() {
    HttpResponse<String> response =
        server.send(HttpRequest.newBuilder(server.uri("/users/1")).DELETE());

    assertEquals(405, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "DELETE (unmatched)");
    assertEquals(405, span.statusCode());
    assertEquals("DELETE", span.httpMethod());
    assertNoScopeLeft();
  }

  @Test
  void requestAbortedBeforeMatching_isTraced_withItsStatus() {
    HttpResponse<String> response = server.get("/users/3", "X-Deny", "yes");

    assertEquals(401, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET (unmatched)");
    assertEquals(401, span.statusCode());
    assertEquals("/users/3", span.httpUrl());
    assertNoScopeLeft();
  }

  @Test
  void preMatchingFilterThatThrows_isAnErrorSpan_withItsException() {
    HttpResponse<String> response = server.get("/users/3", "X-Break-Gatekeeper", "yes");

    assertEquals(500, response.statusCode());
    JstVerifySpan span = Spans.awaitNamed(tracer, "GET (unmatched)");
    assertEquals(500, span.statusCode());
    assertTrue(span.isError());
    assertErrorLogged(span, IllegalStateException.class);
    assertNoScopeLeft();
  }

  @Test
  void unmatchedRequests_keepTheSkipPattern_andPreflightRule() {
    HttpResponse<String> skipped = server.send(HttpRequest.newBuilder(server.uri("/health")).DELETE());
    HttpResponse<String> preflight =
        server.send(
            HttpRequest.newBuilder(server.uri("/nowhere"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
            "Origin", "https://app.example.com",
            "Access-Control-Request-Method", "GET");
    server.get("/users/1");

    assertEquals(405, skipped.statusCode());
    assertTrue(preflight.statusCode() >= 400, "status " + preflight.statusCode());
    Spans.awaitNamed(tracer, "GET /users/{id}");
    assertEquals(1, tracer.finishedSpans().size(), tracer.finishedSpans().toString());
  }

  @Test
  void operationNameFunction_namesTheSpan_fromRequestAndRoute() {
    TestTracer named = TestTracer.create();
    ResourceConfig app =
        new ResourceConfig()
            .register(new TestResources.Users(named))
            .register(
                TracingFeature.builder()
                    .tracer(named)
                    .operationName((request, route) -> "users-api " + route)
                    .build());
    try (LoopbackServer other = new LoopbackServer(app, 1)) {
      other.get("/users/9");
    }
    assertEquals("users-api /users/{id}", named.finishedSpans().get(0).operationName());
  }

  @Test
  void failingUserFunctions_neverFailTheRequest() {
    TestTracer named = TestTracer.create();
    ResourceConfig app =
        new ResourceConfig()
            .register(new TestResources.Users(named))
            .register(
                TracingFeature.builder()
                    .tracer(named)
                    .operationName(
                        (request, route) -> {
                          throw new IllegalStateException("bad naming function");
                        })
                    .extraTags(
                        request -> {
                          throw new IllegalStateException("bad tags function");
                        })
                    .build());
    try (LoopbackServer other = new LoopbackServer(app, 1)) {
      assertEquals(200, other.get("/users/9").statusCode());
    }
    JstVerifySpan span = named.finishedSpans().get(0);
    assertEquals("GET /users/{id}", span.operationName(), "the default name instead");
    assertFalse(span.isError());
  }

  @Test
  void concurrentRequests_eachGetTheirOwnParent() throws Exception {
    TestTracer concurrentTracer = TestTracer.create();
    try (LoopbackServer busy = new LoopbackServer(application(concurrentTracer), 8)) {
      ExecutorService clients = Executors.newFixedThreadPool(8);
      try {
        List<Future<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          String traceId = String.format("%032x", 0x1000 + i);
          String parentId = String.format("%016x", 0x2000 + i);
          calls.add(
              clients.submit(
                  () ->
                      busy.get(
                          "/users/" + i(traceId),
                          "X-JstVerify-Trace-Id", traceId,
                          "X-JstVerify-Parent-Span-Id", parentId)));
        }
        for (Future<HttpResponse<String>> call : calls) assertEquals(200, call.get().statusCode());
      } finally {
        clients.shutdownNow();
      }
      List<JstVerifySpan> spans = concurrentTracer.finishedSpans();
      assertEquals(50, spans.size());
      for (JstVerifySpan span : spans) {
        long n = Long.parseLong(span.traceId(), 16) - 0x1000;
        assertEquals(String.format("%016x", 0x2000 + n), span.parentId(), span.toString());
        assertEquals("/users/" + n, span.httpUrl());
      }
    }
  }

  private static long epochMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L;
  }

  private static long i(String traceId) {
    return Long.parseLong(traceId, 16) - 0x1000;
  }

  /** The next request on the (single) request thread finds no span left active. */
  private static void assertNoScopeLeft() {
    probe.activeAtStart.clear();
    server.get("/users/1");
    assertEquals(List.of("none"), probe.activeAtStart);
    assertEquals(0, scopes.misuseCount(), "no scope closed twice or on another thread");
  }

  private static void assertErrorLogged(JstVerifySpan span, Class<? extends Throwable> type) {
    assertTrue(
        span.logEntries().stream()
            .anyMatch(
                e -> type.isInstance(e.fields().get("error.object"))
                    && "error".equals(e.fields().get("event"))
                    && type.getName().equals(e.fields().get("error.kind"))),
        span.logEntries().toString());
  }
}
