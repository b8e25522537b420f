package com.jstverify.tracing.serverless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.Transport;
import com.jstverify.tracing.reporter.RelayHeaders;
import io.opentracing.Span;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API Gateway wrapper on recorded v1 and v2 events, reporting directly to a loopback
 * ingestion API whose flush interval is an hour: a span found there the moment the wrapper
 * returns got there by the wrapper's own flush.
 */
class ITApiGatewayTracing {
  private FakeIngestion ingestion;
  private JstVerifyTracer tracer;

  @BeforeEach
  void start() throws Exception {
    ingestion = new FakeIngestion();
    tracer =
        JstVerifyTracer.builder()
            .serviceName("users-lambda")
            .apiKey("test-key")
            .endpoint(ingestion.endpoint())
            .flushInterval(Duration.ofHours(1))
            .shutdownHook(false)
            .build();
  }

  @AfterEach
  void stop() {
    tracer.close();
    ingestion.close();
  }

  private Map<String, Object> response(int status) {
    Map<String, Object> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    Map<String, Object> response = new LinkedHashMap<>();
    response.put("statusCode", status);
    response.put("headers", headers);
    response.put("body", "{\"id\":\"42\"}");
    return response;
  }

  private static Map<String, Object> byName(List<Map<String, Object>> spans, String name) {
    for (Map<String, Object> span : spans) {
      if (name.equals(span.get("operationName"))) return span;
    }
    throw new AssertionError("no span " + name + " in " + spans);
  }

  @Test
  void restApiV1_continuesTheTrace_andHasDeliveredTheSpansWhenItReturns() {
    BiFunction<Map<String, Object>, Object, Map<String, Object>> handler =
        ApiGatewayTracing.wrap(
            tracer,
            (event, context) -> {
              Span child = tracer.buildSpan("load-user").start(); // child of the active span
              child.finish();
              return response(200);
            });

    Map<String, Object> returned = handler.apply(Fixtures.event("apigateway-v1.json"), null);

    List<Map<String, Object>> spans = ingestion.spans(); // no waiting: already there
    assertEquals(2, spans.size(), "delivered before the handler returned: " + spans);
    Map<String, Object> server = byName(spans, "GET /users/{id}");
    assertEquals("0af7651916cd43dd8448eb211c80319c", server.get("traceId"));
    assertEquals("00f067aa0ba902b7", server.get("parentSpanId"));
    assertEquals(200.0, server.get("statusCode"));
    assertEquals("GET", server.get("httpMethod"));
    assertEquals("/users/42", server.get("httpUrl"));
    assertEquals(false, server.get("error"));
    @SuppressWarnings("unchecked")
    Map<String, Object> tags = (Map<String, Object>) server.get("tags");
    assertEquals("server", tags.get("span.kind"));
    assertEquals("c6af9ac6-7b61-11e6-9a41-93e8deadbeef", tags.get("apigateway.request_id"));
    Map<String, Object> child = byName(spans, "load-user");
    assertEquals(server.get("spanId"), child.get("parentSpanId"));
    assertEquals(200, returned.get("statusCode"));
    assertNull(((Map<?, ?>) returned.get("headers")).get(RelayHeaders.HEADER_NAME), "direct: no relay header");
  }

  @Test
  void httpApiV2_namesTheSpanAfterTheRoute_andReadsTraceparent() {
    BiFunction<Map<String, Object>, Object, Map<String, Object>> handler =
        ApiGatewayTracing.wrap(tracer, (event, context) -> response(201));

    handler.apply(Fixtures.event("apigateway-v2.json"), null);

    Map<String, Object> server = byName(ingestion.spans(), "POST /orders/{orderId}/items");
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", server.get("traceId"));
    assertEquals("00f067aa0ba902b7", server.get("parentSpanId"));
    assertEquals(201.0, server.get("statusCode"));
    assertEquals("/orders/o-17/items", server.get("httpUrl"));
  }

  @Test
  void handlerThrows_theExceptionIsRethrownUnchanged_afterTheErrorSpanWasDelivered() {
    IllegalStateException thrown = new IllegalStateException("database down");
    BiFunction<Map<String, Object>, Object, Map<String, Object>> handler =
        ApiGatewayTracing.wrap(tracer, (event, context) -> { throw thrown; });

    IllegalStateException caught =
        assertThrows(IllegalStateException.class, () -> handler.apply(Fixtures.event("apigateway-v1.json"), null));

    assertSame(thrown, caught);
    Map<String, Object> server = byName(ingestion.spans(), "GET /users/{id}");
    assertEquals(true, server.get("error"));
  }

  @Test
  void status500_isAnError() {
    ApiGatewayTracing.wrap(tracer, (event, context) -> response(500))
        .apply(Fixtures.event("apigateway-v2.json"), null);

    assertEquals(true, ingestion.spans().get(0).get("error"));
  }

  @Test
  void control_withoutTheWrapper_nothingArrivesBeforeTheFlushInterval() throws Exception {
    tracer.buildSpan("not-wrapped").start().finish();
    Thread.sleep(200);

    assertTrue(ingestion.spans().isEmpty(), "so what the tests above see came from the wrapper's flush");
  }

  @Test
  void relayMode_putsTheSpansOnTheResponse_andMergesTheExposeHeaders() {
    JstVerifyTracer relay =
        JstVerifyTracer.builder()
            .serviceName("users-lambda")
            .transport(Transport.RELAY)
            .shutdownHook(false)
            .build();
    try {
      BiFunction<Map<String, Object>, Object, Map<String, Object>> handler =
          ApiGatewayTracing.wrap(
              relay,
              (event, context) -> {
                relay.buildSpan("load-user").start().finish();
                Map<String, Object> response = response(200);
                @SuppressWarnings("unchecked")
                Map<String, Object> headers = (Map<String, Object>) response.get("headers");
                headers.put("access-control-expose-headers", "X-Request-Id");
                return Map.copyOf(response); // an immutable response must work too
              });

      Map<String, Object> returned = handler.apply(Fixtures.event("apigateway-v1.json"), null);

      @SuppressWarnings("unchecked")
      Map<String, Object> headers = (Map<String, Object>) returned.get("headers");
      assertEquals("X-Request-Id, X-JstVerify-Spans", headers.get("access-control-expose-headers"));
      assertFalse(headers.containsKey(RelayHeaders.EXPOSE_HEADERS));
      assertEquals("application/json", headers.get("Content-Type"));
      String json = RelayHeaders.decode((String) headers.get(RelayHeaders.HEADER_NAME));
      List<Map<String, Object>> spans = Fixtures.jsonArray(json);
      assertEquals(2, spans.size());
      assertEquals("GET /users/{id}", spans.get(0).get("operationName"), "the request's span first");
      assertEquals("0af7651916cd43dd8448eb211c80319c", spans.get(0).get("traceId"));
      assertEquals(spans.get(0).get("spanId"), byName(spans, "load-user").get("parentSpanId"));
      assertEquals(200, returned.get("statusCode"));
      assertTrue(ingestion.spans().isEmpty());
    } finally {
      relay.close();
    }
  }
}
