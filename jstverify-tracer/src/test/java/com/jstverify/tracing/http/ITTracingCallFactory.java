package com.jstverify.tracing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.Span;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ITTracingCallFactory {
  private final TestTracer tracer = TestTracer.create();
  private final OkHttpClient okHttp = new OkHttpClient();
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
  void execute_tracesAClientSpanOfTheActiveSpan_andSendsItsHeaders() throws IOException {
    Call.Factory http = TracingCallFactory.wrap(okHttp, tracer);
    Span parent = tracer.buildSpan("checkout").start();
    try (Scope ignored = tracer.activateSpan(parent);
        Response response =
            http.newCall(new Request.Builder().url(server.url("/users/42?token=secret")).build()).execute()) {
      assertEquals(200, response.code());
    }
    parent.finish();

    JstVerifySpan client = tracer.finishedSpans().get(0);
    assertEquals("GET 127.0.0.1", client.operationName());
    assertEquals("client", client.tag("span.kind"));
    assertEquals("okhttp", client.tag("component"));
    assertEquals("GET", client.tag("http.method"));
    assertEquals("http://127.0.0.1:" + server.port() + "/users/42", client.tag("http.url"));
    assertEquals(200, client.tag("http.status_code"));
    assertEquals("127.0.0.1", client.tag("peer.hostname"));
    assertEquals(server.port(), client.tag("peer.port"));
    assertEquals(((JstVerifySpan) parent).spanId(), client.parentId());
    assertFalse(client.isError());

    LoopbackServer.Recorded sent = server.requests().get(0);
    assertEquals(client.traceId(), sent.header("X-JstVerify-Trace-Id"));
    assertEquals(client.spanId(), sent.header("X-JstVerify-Parent-Span-Id"));
    assertTrue(sent.header("traceparent").contains(client.spanId()));
  }

  @Test
  void httpUrl_leavesOutTheSessionIdAServerPutInThePath() throws IOException {
    Call.Factory http = TracingCallFactory.wrap(okHttp, tracer);
    String path = "/cart;jsessionid=1A2B3C4D/items";
    try (Response response = http.newCall(new Request.Builder().url(server.url(path)).build()).execute()) {
      assertEquals(200, response.code());
    }

    assertEquals(path, server.requests().get(0).path); // the server got the URL as it was
    assertEquals(
        "http://127.0.0.1:" + server.port() + "/cart/items",
        tracer.finishedSpans().get(0).tag("http.url"));
  }

  @Test
  void enqueue_parentsOnTheCallersSpan_andFinishesBeforeTheCallback() throws Exception {
    Call.Factory http = TracingCallFactory.wrap(okHttp, tracer);
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<List<JstVerifySpan>> finishedAtCallback = new AtomicReference<>();
    Span parent = tracer.buildSpan("checkout").start();
    try (Scope ignored = tracer.activateSpan(parent)) {
      http.newCall(new Request.Builder().url(server.url("/async")).build())
          .enqueue(
              new Callback() {
                @Override
                public void onResponse(Call call, Response response) {
                  response.close();
                  finishedAtCallback.set(tracer.finishedSpans());
                  done.countDown();
                }

                @Override
                public void onFailure(Call call, IOException e) {
                  done.countDown();
                }
              });
    }
    assertTrue(done.await(5, TimeUnit.SECONDS));
    parent.finish();

    assertEquals(1, finishedAtCallback.get().size(), "the client span ends before the callback");
    JstVerifySpan client = finishedAtCallback.get().get(0);
    assertEquals(((JstVerifySpan) parent).spanId(), client.parentId());
    assertEquals(client.spanId(), server.requests().get(0).header("X-JstVerify-Parent-Span-Id"));
  }

  @Test
  void webSocket_itsHandshakeIsAClientSpanOfTheActiveSpan() throws Exception {
    // OkHttp runs a handshake as an enqueued call, on its dispatcher thread.
    TracingCallFactory http = TracingCallFactory.wrap(okHttp, tracer);
    Span parent = tracer.buildSpan("checkout").start();
    CountDownLatch done = new CountDownLatch(1);
    try (Scope ignored = tracer.activateSpan(parent)) {
      // The loopback server answers 200, not 101: the upgrade fails once the handshake is done.
      http.newWebSocket(
          new Request.Builder().url(server.url("/ws")).build(),
          new WebSocketListener() {
            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
              done.countDown();
            }
          });
    }
    assertTrue(done.await(5, TimeUnit.SECONDS));
    parent.finish();

    JstVerifySpan handshake =
        tracer.finishedSpans().stream()
            .filter(span -> "okhttp".equals(span.tag("component")))
            .findFirst()
            .orElseThrow();
    assertEquals(parent.context().toSpanId(), handshake.parentId());
    assertEquals(
        parent.context().toTraceId(), server.requests().get(0).header("X-JstVerify-Trace-Id"));
    // The application saw the upgrade fail: so does the map.
    assertEquals(200, handshake.statusCode());
    assertTrue(handshake.isError(), "a web socket handshake answered 200 instead of 101");
  }

  @Test
  void execute_connectionRefused_marksTheSpanAsAnError_andRethrows() throws IOException {
    Call.Factory http = TracingCallFactory.wrap(okHttp, tracer);
    int port = LoopbackServer.closedPort();
    Call call = http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/x").build());

    assertThrows(IOException.class, call::execute);

    JstVerifySpan client = tracer.finishedSpans().get(0);
    assertTrue(client.isError());
    assertEquals(true, client.tag("error"));
    assertNull(client.tag("http.status_code"));
    assertTrue(client.logEntries().get(0).fields().containsKey("error.kind"));
  }

  @Test
  void enqueue_connectionRefused_finishesTheSpanBeforeOnFailure() throws Exception {
    Call.Factory http = TracingCallFactory.wrap(okHttp, tracer);
    int port = LoopbackServer.closedPort();
    CountDownLatch failed = new CountDownLatch(1);
    AtomicReference<Integer> finishedAtCallback = new AtomicReference<>();
    http.newCall(new Request.Builder().url("http://127.0.0.1:" + port + "/x").build())
        .enqueue(
            new Callback() {
              @Override
              public void onResponse(Call call, Response response) {
                response.close();
              }

              @Override
              public void onFailure(Call call, IOException e) {
                finishedAtCallback.set(tracer.finishedSpans().size());
                failed.countDown();
              }
            });
    assertTrue(failed.await(5, TimeUnit.SECONDS));
    assertEquals(1, finishedAtCallback.get());
    assertTrue(tracer.finishedSpans().get(0).isError());
  }

  @Test
  void cancel_whileTheServerIsAnswering_finishesTheSpanAsCancelled() throws Exception {
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
    Call.Factory http = TracingCallFactory.wrap(okHttp, tracer);
    CountDownLatch failed = new CountDownLatch(1);
    Call call = http.newCall(new Request.Builder().url(server.url("/slow")).build());
    call.enqueue(
        new Callback() {
          @Override
          public void onResponse(Call c, Response response) {
            response.close();
          }

          @Override
          public void onFailure(Call c, IOException e) {
            failed.countDown();
          }
        });
    assertTrue(arrived.await(5, TimeUnit.SECONDS));
    call.cancel();
    assertTrue(failed.await(5, TimeUnit.SECONDS));
    release.countDown();

    JstVerifySpan client = tracer.finishedSpans().get(0);
    assertTrue(client.isError());
    assertEquals(true, client.tag("http.cancelled"));
  }

  @Test
  void callTimeout_isAnErrorSpan_notACancelledOne() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.close();
    server =
        LoopbackServer.start(
            exchange -> {
              try {
                release.await(5, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              LoopbackServer.respond(exchange, 200, "late");
            });
    OkHttpClient impatient = okHttp.newBuilder().callTimeout(200, TimeUnit.MILLISECONDS).build();
    Call.Factory http = TracingCallFactory.wrap(impatient, tracer);
    try {
      // OkHttp ends a call past its callTimeout by cancelling it: only the exception says why.
      assertThrows(
          InterruptedIOException.class,
          () -> http.newCall(new Request.Builder().url(server.url("/slow")).build()).execute());
    } finally {
      release.countDown();
    }

    JstVerifySpan client = tracer.finishedSpans().get(0);
    assertTrue(client.isError());
    assertNull(client.tag("http.cancelled"), "nobody cancelled it: it timed out");
  }

  @Test
  void cancel_beforeExecute_stillFinishesTheSpan() {
    Call.Factory http = TracingCallFactory.wrap(okHttp, tracer);
    Call call = http.newCall(new Request.Builder().url(server.url("/never")).build());
    call.cancel();

    assertThrows(IOException.class, call::execute);

    assertEquals(1, tracer.finishedSpans().size());
    assertEquals(true, tracer.finishedSpans().get(0).tag("http.cancelled"));
    assertTrue(server.requests().isEmpty());
  }

  @Test
  void serverError_isAnErrorSpan_andTheResponseReachesTheCaller() throws IOException {
    server.close();
    server = LoopbackServer.start(exchange -> LoopbackServer.respond(exchange, 503, "down"));
    Call.Factory http = TracingCallFactory.wrap(okHttp, tracer);
    try (Response response = http.newCall(new Request.Builder().url(server.url("/")).build()).execute()) {
      assertEquals(503, response.code());
      assertEquals("down", response.body().string());
    }
    assertTrue(tracer.finishedSpans().get(0).isError());
    assertEquals(503, tracer.finishedSpans().get(0).statusCode());
  }

  @Test
  void spanName_canBeChosen_andABrokenNamerFallsBackToTheDefault() throws IOException {
    Call.Factory named =
        TracingCallFactory.wrap(okHttp, tracer, r -> r.method() + " " + r.url().encodedPath());
    Call.Factory broken =
        TracingCallFactory.wrap(okHttp, tracer, r -> { throw new IllegalStateException("bug"); });
    named.newCall(new Request.Builder().url(server.url("/orders")).build()).execute().close();
    broken.newCall(new Request.Builder().url(server.url("/orders")).build()).execute().close();

    assertEquals("GET /orders", tracer.finishedSpans().get(0).operationName());
    assertEquals("GET 127.0.0.1", tracer.finishedSpans().get(1).operationName());
  }

  @Test
  void interceptorAlone_tracesSynchronousCalls_andWrappingTwiceTracesOnce() throws IOException {
    OkHttpClient intercepted =
        okHttp.newBuilder().addInterceptor(TracingInterceptor.create(tracer)).build();
    TracingCallFactory wrapped = TracingCallFactory.wrap(intercepted, tracer);
    Span parent = tracer.buildSpan("parent").start();
    try (Scope ignored = tracer.activateSpan(parent)) {
      intercepted.newCall(new Request.Builder().url(server.url("/a")).build()).execute().close();
      wrapped.newCall(new Request.Builder().url(server.url("/b")).build()).execute().close();
    }
    parent.finish();

    assertSame(intercepted, wrapped.client());
    assertEquals(3, tracer.finishedSpans().size()); // two client spans and the parent
    for (JstVerifySpan client : tracer.finishedSpans().subList(0, 2)) {
      assertEquals(((JstVerifySpan) parent).spanId(), client.parentId());
    }
  }

  @Test
  void originalClient_isLeftUntraced() throws IOException {
    TracingCallFactory.wrap(okHttp, tracer);
    okHttp.newCall(new Request.Builder().url(server.url("/plain")).build()).execute().close();

    assertTrue(tracer.finishedSpans().isEmpty());
    assertNull(server.requests().get(0).header("X-JstVerify-Trace-Id"));
  }
}
