package com.jstverify.tracing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.Span;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ITTracingHttpClient {
  private final TestTracer tracer = TestTracer.create();
  private final HttpClient http = TracingHttpClient.wrap(HttpClient.newHttpClient(), tracer);
  private LoopbackServer server;

  @BeforeEach
  void startServer() throws IOException {
    server = LoopbackServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void send_tracesAClientSpanOfTheActiveSpan_andSendsItsHeaders() throws Exception {
    Span parent = tracer.buildSpan("checkout").start();
    HttpResponse<String> response;
    try (Scope ignored = tracer.activateSpan(parent)) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(server.url("/users/42?token=secret")))
              .header("X-Custom", "kept")
              .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}"))
              .timeout(Duration.ofSeconds(5))
              .build();
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    }
    parent.finish();

    assertEquals(200, response.statusCode());
    JstVerifySpan client = tracer.finishedSpans().get(0);
    assertEquals("POST 127.0.0.1", client.operationName());
    assertEquals("client", client.tag("span.kind"));
    assertEquals("java-http-client", client.tag("component"));
    assertEquals("http://127.0.0.1:" + server.port() + "/users/42", client.tag("http.url"));
    assertEquals(200, client.tag("http.status_code"));
    assertEquals(server.port(), client.tag("peer.port"));
    assertEquals(((JstVerifySpan) parent).spanId(), client.parentId());

    LoopbackServer.Recorded sent = server.requests().get(0);
    assertEquals("POST", sent.method);
    assertEquals("{\"a\":1}", sent.body);
    assertEquals("kept", sent.header("X-Custom"));
    assertEquals(client.traceId(), sent.header("X-JstVerify-Trace-Id"));
    assertEquals(client.spanId(), sent.header("X-JstVerify-Parent-Span-Id"));
  }

  @Test
  void httpUrl_leavesOutTheSessionIdAServerPutInThePath() throws Exception {
    String path = "/cart;jsessionid=1A2B3C4D/items";
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url(path))).build(),
            HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    assertEquals(path, server.requests().get(0).path); // the server got the URL as it was
    assertEquals(
        "http://127.0.0.1:" + server.port() + "/cart/items",
        tracer.finishedSpans().get(0).tag("http.url"));
  }

  @Test
  void sendAsync_finishesTheSpanWhenTheFutureCompletes() throws Exception {
    Span parent = tracer.buildSpan("checkout").start();
    CompletableFuture<HttpResponse<String>> future;
    try (Scope ignored = tracer.activateSpan(parent)) {
      future =
          http.sendAsync(
              HttpRequest.newBuilder(URI.create(server.url("/async"))).build(),
              HttpResponse.BodyHandlers.ofString());
    }
    HttpResponse<String> response = future.get(5, TimeUnit.SECONDS);
    parent.finish();

    assertEquals("ok", response.body());
    JstVerifySpan client = tracer.finishedSpans().get(0);
    assertEquals("GET 127.0.0.1", client.operationName());
    assertEquals(((JstVerifySpan) parent).spanId(), client.parentId());
    assertEquals(client.spanId(), server.requests().get(0).header("X-JstVerify-Parent-Span-Id"));
  }

  @Test
  void send_connectionRefused_marksTheSpanAsAnError_andRethrows() throws IOException {
    int port = LoopbackServer.closedPort();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).build();

    assertThrows(ConnectException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));

    JstVerifySpan client = tracer.finishedSpans().get(0);
    assertTrue(client.isError());
    assertEquals(ConnectException.class.getName(), client.logEntries().get(0).fields().get("error.kind"));
  }

  @Test
  void sendAsync_connectionRefused_completesExceptionally_andMarksTheSpan() throws IOException {
    int port = LoopbackServer.closedPort();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/x")).build();
    CompletableFuture<HttpResponse<String>> future =
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString());

    ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(5, TimeUnit.SECONDS));
    assertInstanceOf(ConnectException.class, e.getCause());
    assertTrue(tracer.finishedSpans().get(0).isError());
  }

  @Test
  void sendAsync_cancelled_finishesTheSpanAsCancelled() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    server.close();
    server =
        LoopbackServer.start(
            exchange -> {
              arrived.countDown();
              try {
                release.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              LoopbackServer.respond(exchange, 200, "late");
            });
    CompletableFuture<HttpResponse<String>> future =
        http.sendAsync(
            HttpRequest.newBuilder(URI.create(server.url("/slow"))).build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(arrived.await(5, TimeUnit.SECONDS));

    assertTrue(future.cancel(true));
    release.countDown();

    JstVerifySpan client = tracer.finishedSpans().get(0);
    assertTrue(client.isError());
    assertEquals(true, client.tag("http.cancelled"));
    Thread.sleep(100); // the client's own future completing later must not finish it twice
    assertEquals(0, tracer.metrics().duplicateFinishes());
  }

  @Test
  void delegatesItsSettings_andWrappingTwiceKeepsOneLayer() {
    HttpClient base = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    TracingHttpClient once = TracingHttpClient.wrap(base, tracer);
    TracingHttpClient twice = TracingHttpClient.wrap(once, tracer);

    assertEquals(base.connectTimeout(), once.connectTimeout());
    assertEquals(base.version(), once.version());
    assertEquals(base, twice.delegate());
    assertFalse(tracer.finishedSpans().iterator().hasNext());
  }
}
