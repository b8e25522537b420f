package com.jstverify.tracing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/** Service A calls service B over real sockets, once with each client: one trace end to end. */
class ITServiceChain {
  private final TestTracer serviceA = TestTracer.create(b -> b.serviceName("service-a"));
  private final TestTracer serviceB = TestTracer.create(b -> b.serviceName("service-b"));

  @Test
  void serviceA_callsServiceB_withBothClients_allInOneTrace() throws Exception {
    try (LoopbackServer b = LoopbackServer.start(exchange -> {
          // Service B: what a server integration does, with nothing but the tracer.
          SpanContext parent =
              serviceB.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(LoopbackServer.headers(exchange)));
          Span span =
              serviceB.buildSpan(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath())
                  .asChildOf(parent)
                  .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_SERVER)
                  .start();
          try (Scope ignored = serviceB.activateSpan(span)) {
            LoopbackServer.respond(exchange, 200, "from b");
          } finally {
            span.finish();
          }
        })) {
      Call.Factory okHttp = TracingCallFactory.wrap(new OkHttpClient(), serviceA);
      HttpClient jdk = TracingHttpClient.wrap(HttpClient.newHttpClient(), serviceA);

      Span request = serviceA.buildSpan("GET /checkout").start();
      try (Scope ignored = serviceA.activateSpan(request)) {
        okHttp.newCall(new Request.Builder().url(b.url("/stock")).build()).execute().close();
        jdk.send(HttpRequest.newBuilder(URI.create(b.url("/price"))).build(), HttpResponse.BodyHandlers.ofString());
      }
      request.finish();
    }

    // Service B finishes its span after writing the response: the client may be faster.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (serviceB.finishedSpans().size() < 2 && System.nanoTime() < deadline) Thread.sleep(5);
    List<JstVerifySpan> a = serviceA.finishedSpans(); // okhttp client, jdk client, request
    List<JstVerifySpan> b = serviceB.finishedSpans(); // GET /stock, GET /price
    assertEquals(3, a.size());
    assertEquals(2, b.size());
    JstVerifySpan root = a.get(2);
    assertNull(root.parentId());
    for (JstVerifySpan span : a) assertEquals(root.traceId(), span.traceId());
    for (JstVerifySpan span : b) assertEquals(root.traceId(), span.traceId());
    assertEquals(root.spanId(), a.get(0).parentId());
    assertEquals(root.spanId(), a.get(1).parentId());
    assertEquals("GET /stock", b.get(0).operationName());
    assertEquals(a.get(0).spanId(), b.get(0).parentId());
    assertEquals("GET /price", b.get(1).operationName());
    assertEquals(a.get(1).spanId(), b.get(1).parentId());
  }

  @Test
  void withoutAnActiveSpan_theClientSpanStartsTheTrace() throws IOException {
    try (LoopbackServer b = LoopbackServer.start()) {
      TracingCallFactory.wrap(new OkHttpClient(), serviceA)
          .newCall(new Request.Builder().url(b.url("/")).build())
          .execute()
          .close();
      JstVerifySpan client = serviceA.finishedSpans().get(0);
      assertNull(client.parentId());
      assertEquals(client.traceId(), b.requests().get(0).header("X-JstVerify-Trace-Id"));
    }
  }
}
