package com.jstverify.tracing.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.Span;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.InvocationCallback;
import jakarta.ws.rs.core.Response;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.glassfish.jersey.client.spi.PostInvocationInterceptor;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client feature on Jersey's client, against a real server over loopback. */
class ITTracingClientFeature {
  static TestTracer tracer;
  static Client client;
  static LoopbackServer server;

  @BeforeAll
  static void start() {
    tracer = TestTracer.create();
    client = ClientBuilder.newClient().register(TracingClientFeature.builder().tracer(tracer).build());
    // Two threads at least: /chain/a waits on /chain/b.
    server =
        new LoopbackServer(
            new ResourceConfig()
                .register(new TestResources.Chain(client))
                .register(new TestResources.Users(tracer))
                .register(TracingFeature.builder().tracer(tracer).build()),
            4);
  }

  @AfterAll
  static void stop() {
    client.close();
    server.close();
  }

  @BeforeEach
  void reset() {
    tracer.reset();
  }

  @Test
  void serverToServerCall_isOneTrace() {
    assertEquals("b", server.get("/chain/a").body());

    JstVerifySpan a = Spans.awaitNamed(tracer, "GET /chain/a");
    JstVerifySpan b = Spans.awaitNamed(tracer, "GET /chain/b");
    JstVerifySpan call = Spans.awaitNamed(tracer, "GET 127.0.0.1");
    assertEquals(a.traceId(), call.traceId());
    assertEquals(a.traceId(), b.traceId());
    assertEquals(a.spanId(), call.parentId(), "the client span is a child of the active span");
    assertEquals(call.spanId(), b.parentId(), "B continues from the client span");
    assertEquals("client", call.tag("span.kind"));
    assertEquals("jaxrs", call.tag("component"));
    assertEquals("127.0.0.1", call.tag("peer.hostname"));
    assertEquals(server.base.getPort(), call.tag("peer.port"));
    assertEquals(server.uri("/chain/b").toString(), call.httpUrl());
    assertEquals(200, call.statusCode());
  }

  @Test
  void clientCall_injectsJstVerifyAndW3cHeaders() {
    Map<String, String> seen = new ConcurrentHashMap<>();
    // Response filters run after the request went out: the headers are in the request by then.
    ClientResponseFilter recordSentHeaders =
        (request, response) ->
            request.getStringHeaders().forEach((k, v) -> seen.put(k.toLowerCase(Locale.ROOT), v.get(0)));
    Client peeking =
        ClientBuilder.newClient()
            .register(TracingClientFeature.builder().tracer(tracer).build())
            .register(recordSentHeaders);
    Span parent = tracer.buildSpan("parent").start();
    Scope scope = tracer.activateSpan(parent);
    try {
      peeking.target(server.uri("/users/3")).request().get(String.class);
    } finally {
      scope.close();
      parent.finish();
      peeking.close();
    }
    JstVerifySpan call = Spans.awaitNamed(tracer, "GET 127.0.0.1");
    assertEquals(call.traceId(), seen.get("x-jstverify-trace-id"));
    assertEquals(call.spanId(), seen.get("x-jstverify-parent-span-id"));
    assertEquals(Spans.awaitNamed(tracer, "parent").spanId(), call.parentId());
    assertTrue(seen.get("traceparent").contains(call.traceId() + "-" + call.spanId()), seen.toString());
  }

  @Test
  void syncCall_continuesTheCallersTrace() throws Exception {
    assertCallContinuesTheCallersTrace(request -> request.get(String.class));
  }

  @Test
  void asyncCall_returningAFuture_continuesTheCallersTrace() throws Exception {
    assertCallContinuesTheCallersTrace(
        request -> request.async().get(String.class).get(5, TimeUnit.SECONDS));
  }

  @Test
  void asyncCall_withAnInvocationCallback_continuesTheCallersTrace() throws Exception {
    assertCallContinuesTheCallersTrace(
        request -> {
          CompletableFuture<String> body = new CompletableFuture<>();
          request
              .async()
              .get(
                  new InvocationCallback<String>() {
                    @Override
                    public void completed(String response) {
                      body.complete(response);
                    }

                    @Override
                    public void failed(Throwable failure) {
                      body.completeExceptionally(failure);
                    }
                  });
          return body.get(5, TimeUnit.SECONDS);
        });
  }

  @Test
  void rxCall_continuesTheCallersTrace() throws Exception {
    assertCallContinuesTheCallersTrace(
        request -> request.rx().get(String.class).toCompletableFuture().get(5, TimeUnit.SECONDS));
  }

  @Test
  void concurrentAsyncCalls_eachContinueTheirOwnCallersTrace() throws Exception {
    ExecutorService callers = Executors.newFixedThreadPool(4);
    Map<String, String> callerOfTrace = new ConcurrentHashMap<>();
    try {
      List<Future<String>> calls = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        calls.add(
            callers.submit(
                () -> {
                  Span caller = tracer.buildSpan("caller").start();
                  callerOfTrace.put(caller.context().toTraceId(), caller.context().toSpanId());
                  try (Scope ignored = tracer.activateSpan(caller)) {
                    return client
                        .target(server.uri("/users/3"))
                        .request()
                        .async()
                        .get(String.class)
                        .get(5, TimeUnit.SECONDS);
                  } finally {
                    caller.finish();
                  }
                }));
      }
      for (Future<String> call : calls) call.get(10, TimeUnit.SECONDS);
    } finally {
      callers.shutdownNow();
    }

    Map<String, String> parentOfTrace =
        tracer.finishedSpans().stream()
            .filter(Spans.kind("client"))
            .collect(
                Collectors.toMap(
                    JstVerifySpan::traceId, s -> Objects.toString(s.parentId(), "none")));
    assertEquals(20, callerOfTrace.size());
    assertEquals(callerOfTrace, parentOfTrace, "each call in its caller's trace, under its span");
  }

  @Test
  void urlWithCredentials_isTracedWithoutThem() {
    String url = "http://alice:s3cret@127.0.0.1:" + server.base.getPort() + "/users/3?token=t0ken";

    client.target(url).request().get(String.class);

    JstVerifySpan call = Spans.awaitNamed(tracer, "GET 127.0.0.1");
    assertEquals(server.uri("/users/3").toString(), call.httpUrl());
    String reported = tracer.finishedSpansJson();
    assertFalse(reported.contains("s3cret") || reported.contains("t0ken"), reported);
  }

  @Test
  void connectionRefused_stillFinishesTheClientSpan_asAnError() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    assertThrows(
        ProcessingException.class,
        () -> client.target("http://127.0.0.1:" + closedPort + "/nothing").request().get(String.class));

    JstVerifySpan call = Spans.awaitNamed(tracer, "GET 127.0.0.1");
    assertTrue(call.isError());
    assertEquals(Boolean.TRUE, call.tag("error"));
    assertEquals(-1, call.statusCode());
    List<Object> kinds =
        call.logEntries().stream().map(e -> e.fields().get("error.kind")).collect(Collectors.toList());
    assertEquals(1, kinds.size(), call.logEntries().toString());
    assertNull(call.parentId());
  }

  @Test
  void failedCall_thatTheAppsPostInvocationInterceptorAnswers_stillFinishesTheClientSpan()
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    // A fallback, as Jersey's documentation shows for retries: it resolves the failure with a
    // response, so the caller gets that one and no exception. Its priority runs it before ours.
    PostInvocationInterceptor fallback =
        new PostInvocationInterceptor() {
          @Override
          public void afterRequest(ClientRequestContext request, ClientResponseContext response) {}

          @Override
          public void onException(ClientRequestContext request, ExceptionContext context) {
            context.resolve(Response.status(503).entity("cached fallback").build());
          }
        };
    Client withFallback =
        ClientBuilder.newClient()
            .register(TracingClientFeature.builder().tracer(tracer).build())
            .register(fallback, 100);
    Response response;
    try {
      response = withFallback.target("http://127.0.0.1:" + closedPort + "/stock").request().get();
    } finally {
      withFallback.close();
    }

    assertEquals(503, response.getStatus());
    JstVerifySpan call = Spans.awaitNamed(tracer, "GET 127.0.0.1");
    assertEquals(503, call.statusCode(), "the response the caller got");
    assertTrue(call.isError());
    assertEquals(1, Spans.named(tracer, "GET 127.0.0.1").size());
  }

  /** A call made through the traced client: returns the response body. */
  interface Call {
    String on(Invocation.Builder request) throws Exception;
  }

  /**
   * Makes {@code call} to /users/3 with a span active, and checks the chain caller -> client span
   * -> server span is one trace; /users answers with the id of the span active in the resource.
   */
  private static void assertCallContinuesTheCallersTrace(Call call) throws Exception {
    Span caller = tracer.buildSpan("caller").start();
    String body;
    try (Scope ignored = tracer.activateSpan(caller)) {
      body = call.on(client.target(server.uri("/users/3")).request());
    } finally {
      caller.finish();
    }

    JstVerifySpan clientSpan = Spans.await(tracer, Spans.kind("client"));
    JstVerifySpan serverSpan = Spans.awaitNamed(tracer, "GET /users/{id}");
    assertEquals(caller.context().toTraceId(), clientSpan.traceId(), "the caller's trace");
    assertEquals(caller.context().toSpanId(), clientSpan.parentId(), "child of the caller's span");
    assertEquals(clientSpan.traceId(), serverSpan.traceId(), "the called service joins the trace");
    assertEquals(clientSpan.spanId(), serverSpan.parentId());
    assertEquals(serverSpan.spanId(), body);
    assertEquals(200, clientSpan.statusCode());
  }
}
