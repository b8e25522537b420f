package com.jstverify.tracing.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.JstVerifyTracing;
import com.jstverify.tracing.Transport;
import com.jstverify.tracing.reporter.RelayHeaders;
import com.squareup.moshi.Moshi;
import com.squareup.moshi.Types;
import io.opentracing.util.GlobalTracer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Relay mode: the request's spans come back on its response, for the browser SDK. */
class ITRelay {
  static final String TRACE_ID = ITTracingFeature.TRACE_ID;
  static final String PARENT_ID = ITTracingFeature.PARENT_ID;

  static JstVerifyTracer tracer;
  static LoopbackServer server;

  @BeforeAll
  static void start() {
    tracer =
        JstVerifyTracer.builder()
            .serviceName("relay-api")
            .transport(Transport.RELAY)
            .shutdownHook(false)
            .build();
    server =
        new LoopbackServer(
            ITTracingFeature.application(tracer, TestResources.CorsHeaders.class), 2);
  }

  @AfterAll
  static void stop() {
    server.close();
    tracer.close();
  }

  @Test
  void response_carriesTheServerSpanAndItsChild_andExposesTheHeader() throws IOException {
    HttpResponse<String> response =
        server.get(
            "/work",
            "Origin", "https://app.example.com",
            "X-JstVerify-Trace-Id", TRACE_ID,
            "X-JstVerify-Parent-Span-Id", PARENT_ID);

    assertEquals(200, response.statusCode());
    List<Map<String, Object>> spans = relayedSpans(response);
    assertEquals(2, spans.size(), spans.toString());
    Map<String, Object> server = spans.get(0);
    assertEquals("GET /work", server.get("operationName"), "the server span comes first");
    assertEquals(TRACE_ID, server.get("traceId"));
    assertEquals(PARENT_ID, server.get("parentSpanId"));
    assertEquals("relay-api", server.get("serviceName"));
    assertEquals(200.0, server.get("statusCode"));
    Map<String, Object> work = spans.get(1);
    assertEquals("work", work.get("operationName"));
    assertEquals(TRACE_ID, work.get("traceId"));
    assertEquals(server.get("spanId"), work.get("parentSpanId"));

    assertEquals(
        "X-Request-Id, X-JstVerify-Spans",
        String.join(",", response.headers().allValues("Access-Control-Expose-Headers")),
        "the application's exposed header is kept: " + response.headers().map());
  }

  @Test
  void asyncResponse_carriesItsServerSpan() throws IOException {
    HttpResponse<String> response = server.get("/async/stage");

    List<Map<String, Object>> spans = relayedSpans(response);
    assertEquals(1, spans.size(), spans.toString());
    assertEquals("GET /async/stage", spans.get(0).get("operationName"));
  }

  @Test
  void mappedError_carriesTheErrorSpan() throws IOException {
    HttpResponse<String> response = server.get("/errors/mapped5xx");

    assertEquals(503, response.statusCode());
    Map<String, Object> span = relayedSpans(response).get(0);
    assertEquals(Boolean.TRUE, span.get("error"));
    assertEquals(503.0, span.get("statusCode"));
  }

  @Test
  void entityThatFailsAfterTheHeadersWentOut_carriesTheSpan_asTheHeadersWentOut()
      throws IOException {
    HttpResponse<String> response = server.get("/unwritable/after-headers");

    assertEquals(200, response.statusCode());
    List<Map<String, Object>> spans = relayedSpans(response);
    assertEquals(1, spans.size(), spans.toString());
    Map<String, Object> span = spans.get(0);
    assertEquals("GET /unwritable/after-headers", span.get("operationName"));
    // The header is written before the entity, so it cannot tell of the failure that followed.
    assertEquals(200.0, span.get("statusCode"));
    assertEquals(Boolean.FALSE, span.get("error"));
  }

  @Test
  void entityThatFailsBeforeTheHeadersWentOut_isAnsweredWithoutSpans() {
    HttpResponse<String> response = server.get("/unwritable/mapped");

    // Jersey discards the response, spans header included, and sends the mapper's instead.
    assertEquals(503, response.statusCode());
    assertEquals("unavailable", response.body());
    assertFalse(response.headers().firstValue(RelayHeaders.HEADER_NAME).isPresent());
  }

  @Test
  void unmatchedRequest_carriesItsSpan_andExposesTheHeader() throws IOException {
    HttpResponse<String> response =
        server.get(
            "/no/such/route",
            "X-JstVerify-Trace-Id", TRACE_ID,
            "X-JstVerify-Parent-Span-Id", PARENT_ID);

    assertEquals(404, response.statusCode());
    List<Map<String, Object>> spans = relayedSpans(response);
    assertEquals(1, spans.size(), spans.toString());
    Map<String, Object> span = spans.get(0);
    assertEquals("GET (unmatched)", span.get("operationName"));
    assertEquals(TRACE_ID, span.get("traceId"));
    assertEquals(PARENT_ID, span.get("parentSpanId"));
    assertEquals(404.0, span.get("statusCode"));
    assertEquals("/no/such/route", span.get("httpUrl"));
    assertEquals(
        "X-Request-Id, X-JstVerify-Spans",
        String.join(",", response.headers().allValues("Access-Control-Expose-Headers")));
  }

  @Test
  void skippedRequest_hasNoSpansHeader() {
    HttpResponse<String> response = server.get("/health");

    assertEquals(200, response.statusCode());
    assertFalse(response.headers().firstValue(RelayHeaders.HEADER_NAME).isPresent());
  }

  @Test
  void featureRegisteredByClass_relaysThroughGlobalTracer_afterJstVerifyTracingInit()
      throws IOException {
    JstVerifyTracing.init(
        b -> b.serviceName("global-relay").transport(Transport.RELAY).shutdownHook(false));
    try (LoopbackServer global =
        new LoopbackServer(
            new ResourceConfig()
                .register(new TestResources.Work(GlobalTracer.get()))
                .register(TracingFeature.class),
            2)) {
      HttpResponse<String> response = global.get("/work");

      List<Map<String, Object>> spans = relayedSpans(response);
      assertEquals(2, spans.size(), spans.toString());
      assertEquals("GET /work", spans.get(0).get("operationName"));
      assertEquals("global-relay", spans.get(0).get("serviceName"));
      assertEquals(
          "X-JstVerify-Spans", response.headers().firstValue("Access-Control-Expose-Headers").get());
    } finally {
      JstVerifyTracing.shutdown();
    }
  }

  static List<Map<String, Object>> relayedSpans(HttpResponse<String> response) throws IOException {
    String header = response.headers().firstValue(RelayHeaders.HEADER_NAME).orElse(null);
    assertNotNull(header, "no " + RelayHeaders.HEADER_NAME + " header: " + response.headers());
    String json = RelayHeaders.decode(header);
    assertNotNull(json, "not base64url: " + header);
    List<Map<String, Object>> spans =
        new Moshi.Builder()
            .build()
            .<List<Map<String, Object>>>adapter(
                Types.newParameterizedType(
                    List.class, Types.newParameterizedType(Map.class, String.class, Object.class)))
            .fromJson(json);
    assertNotNull(spans);
    return spans;
  }
}
