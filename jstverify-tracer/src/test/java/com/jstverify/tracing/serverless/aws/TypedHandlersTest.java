package com.jstverify.tracing.serverless.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.Transport;
import com.jstverify.tracing.reporter.RelayHeaders;
import com.jstverify.tracing.testing.TestTracer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TypedHandlersTest {
  private final TestTracer tracer = TestTracer.create();

  private static APIGatewayProxyRequestEvent v1Event() {
    return new APIGatewayProxyRequestEvent()
        .withHttpMethod("GET")
        .withResource("/users/{id}")
        .withPath("/users/42")
        .withHeaders(Map.of("x-jstverify-trace-id", "0af7651916cd43dd8448eb211c80319c",
            "x-jstverify-parent-span-id", "00f067aa0ba902b7"))
        .withMultiValueHeaders(Map.of("x-jstverify-trace-id", List.of("0af7651916cd43dd8448eb211c80319c")))
        .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("req-1"));
  }

  @Test
  void restApiHandler_tracesTheInvocation_andReturnsTheHandlersResponse() {
    APIGatewayProxyResponseEvent response =
        new APIGatewayProxyResponseEvent().withStatusCode(200).withHeaders(Map.of("Content-Type", "text/plain"));

    APIGatewayProxyResponseEvent returned =
        TracingApiGatewayHandler.wrap(tracer.tracer(), (event, context) -> response).handleRequest(v1Event(), null);

    assertSame(response, returned);
    assertEquals(Map.of("Content-Type", "text/plain"), returned.getHeaders());
    JstVerifySpan span = tracer.finishedSpans().get(0);
    assertEquals("GET /users/{id}", span.operationName());
    assertEquals("0af7651916cd43dd8448eb211c80319c", span.traceId());
    assertEquals("00f067aa0ba902b7", span.parentId());
    assertEquals(200, span.statusCode());
    assertEquals("req-1", span.tag("apigateway.request_id"));
  }

  @Test
  void httpApiHandler_namesTheSpanAfterTheRoute_andRethrowsUnchanged() {
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withRouteKey("POST /orders")
            .withRawPath("/orders")
            .withHeaders(Map.of("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
            .withRequestContext(
                APIGatewayV2HTTPEvent.RequestContext.builder()
                    .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("POST").build())
                    .build())
            .build();
    TracingHttpApiHandler.wrap(tracer.tracer(), (e, c) -> APIGatewayV2HTTPResponse.builder().withStatusCode(201).build())
        .handleRequest(event, null);
    IllegalStateException thrown = new IllegalStateException("boom");
    assertSame(
        thrown,
        assertThrows(
            IllegalStateException.class,
            () -> TracingHttpApiHandler.wrap(tracer.tracer(), (e, c) -> { throw thrown; }).handleRequest(event, null)));

    JstVerifySpan ok = tracer.finishedSpans().get(0);
    assertEquals("POST /orders", ok.operationName());
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", ok.traceId());
    assertEquals(201, ok.statusCode());
    assertTrue(tracer.finishedSpans().get(1).isError());
  }

  @Test
  void relayMode_addsTheSpansHeaderToTheTypedResponse() {
    JstVerifyTracer relay =
        JstVerifyTracer.builder().serviceName("fn").transport(Transport.RELAY).shutdownHook(false).build();
    try {
      APIGatewayProxyResponseEvent returned =
          TracingApiGatewayHandler.wrap(relay, (e, c) -> new APIGatewayProxyResponseEvent().withStatusCode(200))
              .handleRequest(v1Event(), null);

      String json = RelayHeaders.decode(returned.getHeaders().get(RelayHeaders.HEADER_NAME));
      assertNotNull(json);
      assertTrue(json.contains("\"GET /users/{id}\""), json);
      assertEquals(RelayHeaders.HEADER_NAME, returned.getHeaders().get(RelayHeaders.EXPOSE_HEADERS));
    } finally {
      relay.close();
    }
  }
}
