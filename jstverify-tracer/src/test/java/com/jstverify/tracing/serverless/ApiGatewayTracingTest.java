package com.jstverify.tracing.serverless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracing;
import com.jstverify.tracing.reporter.InMemoryReporter;
import com.jstverify.tracing.testing.TestTracer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
}
