package com.jstverify.tracing.serverless.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.serverless.ApiGatewayTracing;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link RequestHandler} of API Gateway HTTP API (v2 payload) events that traces and flushes
 * each invocation, as {@link ApiGatewayTracing} does for map events.
 *
 * <pre>{@code
 * RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> traced =
 *     TracingHttpApiHandler.wrap(JstVerifyTracing.init(), new OrdersHandler());
 * }</pre>
 */
public final class TracingHttpApiHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final JstVerifyTracer tracer;
  private final RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;

  private TracingHttpApiHandler(
      JstVerifyTracer tracer, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
    this.tracer = tracer;
    this.handler = handler;
  }

  public static TracingHttpApiHandler wrap(
      JstVerifyTracer tracer, RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
    if (tracer == null) throw new NullPointerException("tracer == null");
    if (handler == null) throw new NullPointerException("handler == null");
    return new TracingHttpApiHandler(tracer, handler);
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    return TypedEvents.handle(
        tracer,
        view(event),
        context,
        () -> handler.handleRequest(event, context),
        r -> r.getStatusCode(),
        APIGatewayV2HTTPResponse::getHeaders,
        APIGatewayV2HTTPResponse::setHeaders);
  }

  private static Map<String, Object> view(APIGatewayV2HTTPEvent event) {
    Map<String, Object> view = new LinkedHashMap<>();
    if (event == null) return view;
    TypedEvents.putIfNotNull(view, "routeKey", event.getRouteKey());
    TypedEvents.putIfNotNull(view, "rawPath", event.getRawPath());
    TypedEvents.putIfNotNull(view, "headers", event.getHeaders());
    APIGatewayV2HTTPEvent.RequestContext rc = event.getRequestContext();
    if (rc != null) {
      Map<String, Object> requestContext = new LinkedHashMap<>();
      TypedEvents.putIfNotNull(requestContext, "requestId", rc.getRequestId());
      if (rc.getHttp() != null && rc.getHttp().getMethod() != null) {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", rc.getHttp().getMethod());
        requestContext.put("http", http);
      }
      view.put("requestContext", requestContext);
    }
    return view;
  }
}
