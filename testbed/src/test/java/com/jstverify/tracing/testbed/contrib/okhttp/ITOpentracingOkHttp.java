package com.jstverify.tracing.testbed.contrib.okhttp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import com.jstverify.tracing.testing.TestTracerExtension;
import com.sun.net.httpserver.HttpServer;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.contrib.okhttp3.TracingCallFactory;
import io.opentracing.contrib.okhttp3.TracingInterceptor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * opentracing-contrib's OkHttp module ({@code io.opentracing.contrib:opentracing-okhttp3:3.0.0}),
 * unchanged, on our tracer and on the OkHttp 4 the tracer ships with: calls to a real loopback
 * server carry our JstVerify and W3C headers naming the module's client span, the spans reach
 * our reporter in the caller's trace, and a failed call is an error span, not a tracer failure.
 */
@ExtendWith(TestTracerExtension.class)
class ITOpentracingOkHttp {
  /** The trace headers each request brought, in arrival order. */
  final BlockingQueue<Map<String, String>> received = new LinkedBlockingQueue<>();
  HttpServer server;
  final OkHttpClient client = new OkHttpClient();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          received.add(
              Map.of(
                  "trace", String.valueOf(exchange.getRequestHeaders().getFirst("X-JstVerify-Trace-Id")),
                  "parent", String.valueOf(exchange.getRequestHeaders().getFirst("X-JstVerify-Parent-Span-Id")),
                  "traceparent", String.valueOf(exchange.getRequestHeaders().getFirst("traceparent"))));
          byte[] body = "in stock".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
    client.dispatcher().executorService().shutdown();
    client.connectionPool().evictAll();
  }

  Request stock() {
    return new Request.Builder()
        .url("http://127.0.0.1:" + server.getAddress().getPort() + "/stock/42")
        .build();
  }

  @Test
  void callFactory_execute_carriesTheClientSpan_inTheCallersTrace(TestTracer tracer)
      throws Exception {
    Call.Factory calls = new TracingCallFactory(client, tracer);
    Span request = tracer.buildSpan("GET /checkout").start();
    try (Scope ignored = tracer.activateSpan(request);
        Response response = calls.newCall(stock()).execute()) {
      assertEquals("in stock", response.body().string());
    }
    request.finish();

    assertOneTraceUnder(tracer, request);
    assertNull(tracer.activeSpan(), "nothing left active on the caller");
  }

  @Test
  void callFactory_enqueue_carriesTheClientSpan_inTheCallersTrace(TestTracer tracer)
      throws Exception {
    Call.Factory calls = new TracingCallFactory(client, tracer);
    Span request = tracer.buildSpan("GET /checkout").start();
    CompletableFuture<String> body = new CompletableFuture<>();
    try (Scope ignored = tracer.activateSpan(request)) {
      calls.newCall(stock()).enqueue(completing(body));
    }
    assertEquals("in stock", body.get(5, TimeUnit.SECONDS));
    request.finish();

    assertOneTraceUnder(tracer, request);
  }

  @Test
  void interceptor_addTracing_carriesTheClientSpan_inTheCallersTrace(TestTracer tracer)
      throws Exception {
    OkHttpClient traced = TracingInterceptor.addTracing(client.newBuilder(), tracer);
    Span request = tracer.buildSpan("GET /checkout").start();
    try (Scope ignored = tracer.activateSpan(request);
        Response response = traced.newCall(stock()).execute()) {
      assertEquals(200, response.code());
    }
    request.finish();

    assertOneTraceUnder(tracer, request);
  }

  @Test
  void refusedConnection_isAnErrorSpan_andTheApplicationSeesItsOwnException(TestTracer tracer)
      throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Call.Factory calls = new TracingCallFactory(client, tracer);
    Span request = tracer.buildSpan("GET /checkout").start();
    try (Scope ignored = tracer.activateSpan(request)) {
      Request nowhere = new Request.Builder().url("http://127.0.0.1:" + closedPort + "/").build();
      assertThrows(IOException.class, () -> calls.newCall(nowhere).execute());
    }
    request.finish();

    List<JstVerifySpan> errors = spans(tracer, s -> Boolean.TRUE.equals(s.tag("error")));
    assertEquals(1, errors.size(), () -> "finished: " + tracer.finishedSpans());
    assertEquals(request.context().toTraceId(), errors.get(0).traceId());
    assertEquals(0, tracer.metrics().spansDropped());
    assertTrue(received.isEmpty());
  }

  /**
   * The module's client span is in the request's trace, below it; the server got our headers
   * naming that span; every span the module started was finished and reported.
   */
  private void assertOneTraceUnder(TestTracer tracer, Span request) throws InterruptedException {
    Map<String, String> headers = received.poll(5, TimeUnit.SECONDS);
    JstVerifySpan client = only(tracer, s -> "client".equals(s.tag("span.kind")));
    String traceId = request.context().toTraceId();
    assertEquals(traceId, client.traceId());
    assertEquals(200, client.tag("http.status_code"));
    assertEquals(traceId, headers.get("trace"), "X-JstVerify-Trace-Id");
    assertEquals(client.spanId(), headers.get("parent"), "X-JstVerify-Parent-Span-Id");
    assertTrue(
        headers.get("traceparent").startsWith("00-" + traceId + "-" + client.spanId() + "-"),
        headers.get("traceparent"));
    for (JstVerifySpan span : tracer.finishedSpans()) {
      assertEquals(traceId, span.traceId(), span.toString());
    }
    assertTrue(isBelow(tracer, client, request.context().toSpanId()), "client span under the request");
    assertEquals(0, tracer.metrics().spansDropped());
  }

  /** Whether {@code ancestorId} is on the parent chain of {@code span} among finished spans. */
  private static boolean isBelow(TestTracer tracer, JstVerifySpan span, String ancestorId) {
    Map<String, JstVerifySpan> byId =
        tracer.finishedSpans().stream().collect(Collectors.toMap(JstVerifySpan::spanId, s -> s));
    for (JstVerifySpan s = span; s != null && s.parentId() != null; s = byId.get(s.parentId())) {
      if (ancestorId.equals(s.parentId())) return true;
    }
    return false;
  }

  private static List<JstVerifySpan> spans(TestTracer tracer, Predicate<JstVerifySpan> filter) {
    return tracer.finishedSpans().stream().filter(filter).collect(Collectors.toList());
  }

  private static JstVerifySpan only(TestTracer tracer, Predicate<JstVerifySpan> filter) {
    List<JstVerifySpan> found = spans(tracer, filter);
    assertEquals(1, found.size(), () -> "finished: " + tracer.finishedSpans());
    return found.get(0);
  }

  private static Callback completing(CompletableFuture<String> body) {
    return new Callback() {
      @Override
      public void onResponse(Call call, Response response) throws IOException {
        try (response) {
          body.complete(response.body().string());
        }
      }

      @Override
      public void onFailure(Call call, IOException e) {
        body.completeExceptionally(e);
      }
    };
  }
}
