package com.jstverify.tracing.serverless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.DropReason;
import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.JstVerifyTracing;
import com.jstverify.tracing.Transport;
import com.jstverify.tracing.reporter.InMemoryReporter;
import com.jstverify.tracing.testing.TestTracer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class ApiGatewayTracingTest {
  private final TestTracer tracer = TestTracer.create();

  @Test
  void operationName_v1UsesResource_v2UsesTheRouteKeysPath() {
    assertEquals("GET /users/{id}", ApiGatewayTracing.operationName(Fixtures.event("apigateway-v1.json")));
    assertEquals(
        "POST /orders/{orderId}/items", ApiGatewayTracing.operationName(Fixtures.event("apigateway-v2.json")));
    Map<String, Object> catchAll = Fixtures.json("{\"routeKey\":\"$default\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}}");
    assertEquals("GET $default", ApiGatewayTracing.operationName(catchAll));
    assertEquals("unknown unknown", ApiGatewayTracing.operationName(Map.of()));
  }

  @Test
  void multiValueHeadersAlone_stillCarryTheTrace() {
    Map<String, Object> event = new HashMap<>(Fixtures.event("apigateway-v1.json"));
    event.put("headers", null);

    ApiGatewayTracing.wrap(tracer.tracer(), (e, c) -> Map.of("statusCode", "204")).apply(event, null);

    JstVerifySpan span = tracer.finishedSpans().get(0);
    assertEquals("0af7651916cd43dd8448eb211c80319c", span.traceId());
    assertEquals(204, span.statusCode());
  }

  @Test
  void httpUrl_leavesOutPathParameters_likeTheHttpClients() {
    Map<String, Object> event = new HashMap<>(Fixtures.event("apigateway-v1.json"));
    event.put("path", "/users;jsessionid=1A2B3C4D/42");

    ApiGatewayTracing.wrap(tracer.tracer(), (e, c) -> Map.of("statusCode", 200)).apply(event, null);

    assertEquals("/users/42", tracer.finishedSpans().get(0).tag("http.url"));
  }

  @Test
  void oddEvents_neverThrow_andStartANewTrace() {
    Map<String, Object> odd = Fixtures.json("{\"headers\":{\"traceparent\":\"garbage\",\"x\":1},\"httpMethod\":7}");

    ApiGatewayTracing.wrap(tracer.tracer(), (e, c) -> null).apply(odd, null);
    ApiGatewayTracing.wrap(tracer.tracer(), (e, c) -> Map.of("statusCode", "teapot")).apply(null, null);

    assertNull(tracer.finishedSpans().get(0).parentId());
    assertEquals("unknown unknown", tracer.finishedSpans().get(1).operationName());
  }

  @Test
  void handlerSeesItsSpanActive() {
    Object[] active = new Object[1];
    ApiGatewayTracing.wrap(tracer.tracer(), (e, c) -> {
          active[0] = tracer.activeSpan();
          return Map.of("statusCode", 200);
        })
        .apply(Fixtures.event("apigateway-v2.json"), null);

    assertEquals(tracer.finishedSpans().get(0), active[0]);
    assertNull(tracer.activeSpan());
  }

  @Test
  void facadeVariant_usesTheInitTracer_orRunsUntraced() {
    Map<String, Object> event = Fixtures.event("apigateway-v1.json");
    List<Object> calls = new java.util.ArrayList<>();
    var handler = ApiGatewayTracing.wrap((e, c) -> {
      calls.add(e);
      return Map.<String, Object>of("statusCode", 200);
    });

    handler.apply(event, null); // nothing initialised: just runs
    InMemoryReporter reporter = new InMemoryReporter();
    JstVerifyTracing.init(b -> b.serviceName("fn").reporter(reporter).shutdownHook(false));
    try {
      handler.apply(event, null);
    } finally {
      JstVerifyTracing.shutdown();
    }

    assertEquals(2, calls.size());
    assertEquals(1, reporter.finishedSpans().size());
    assertTrue(reporter.finishedSpans().get(0).operationName().startsWith("GET "));
  }

  @Test
  void aCheckedExceptionThrownUndeclared_isRethrownAsItIs_andTheSpanFinishes() {
    // Lombok's @SneakyThrows and Kotlin throw checked exceptions through a BiFunction.
    Exception checked = new Exception("checked, thrown undeclared");
    BiFunction<Map<String, Object>, Object, Map<String, Object>> handler =
        ApiGatewayTracing.wrap(tracer.tracer(), (e, c) -> throwUndeclared(checked));

    Throwable thrown =
        assertThrows(Exception.class, () -> handler.apply(Fixtures.event("apigateway-v1.json"), null));

    assertSame(checked, thrown);
    assertEquals(1, tracer.metrics().spansStarted());
    assertEquals(1, tracer.finishedSpans().size(), tracer.metrics().toString());
    assertTrue(tracer.finishedSpans().get(0).isError());
  }

  @Test
  void relayMode_aHandlerThatThrowsOrReturnsNothing_hasNoHeaderToCarryItsSpans_soTheyAreCounted() {
    JstVerifyTracer relay =
        JstVerifyTracer.builder()
            .serviceName("fn")
            .transport(Transport.RELAY)
            .shutdownHook(false)
            .build();
    try {
      BiFunction<Map<String, Object>, Object, Map<String, Object>> throwing =
          ApiGatewayTracing.wrap(
              relay,
              (e, c) -> {
                relay.buildSpan("load-user").start().finish();
                throw new IllegalStateException("database down");
              });
      assertThrows(
          IllegalStateException.class,
          () -> throwing.apply(Fixtures.event("apigateway-v1.json"), null));
      ApiGatewayTracing.wrap(relay, (e, c) -> null).apply(Fixtures.event("apigateway-v1.json"), null);

      // Not counted as reported, as if they had ridden on a response: no endpoint, so dropped.
      assertEquals(0, relay.metrics().spansReported(), relay.metrics().toString());
      assertEquals(3, relay.metrics().spansDropped(DropReason.NO_REQUEST), relay.metrics().toString());
    } finally {
      relay.close();
    }
  }

  @Test
  void repeatedTracestate_inARestApiEvent_keepsEveryMember_inOrder() {
    // API Gateway v1 puts every value in multiValueHeaders, only the last one in headers.
    Map<String, Object> event = new HashMap<>(Fixtures.event("apigateway-v1.json"));
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    event.put("headers", Map.of("traceparent", traceparent, "tracestate", "congo=t61rcWkgMzE"));
    event.put(
        "multiValueHeaders",
        Map.of(
            "traceparent", List.of(traceparent),
            "tracestate", List.of("rojo=00f067aa0ba902b7", "congo=t61rcWkgMzE")));

    ApiGatewayTracing.wrap(tracer.tracer(), (e, c) -> Map.of("statusCode", 200)).apply(event, null);

    JstVerifySpan span = tracer.finishedSpans().get(0);
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", span.traceId());
    assertEquals("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", span.context().traceState());
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> Map<String, Object> throwUndeclared(Throwable t) throws T {
    throw (T) t;
  }
}
