package com.jstverify.tracing.serverless.aws;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.serverless.ApiGatewayTracing;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link RequestHandler} of API Gateway REST API (v1) proxy events that traces and flushes each
 * invocation, as {@link ApiGatewayTracing} does for map events.
 *
 * <pre>{@code
 * public class Handler implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
 *   private static final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> TRACED =
 *       TracingApiGatewayHandler.wrap(JstVerifyTracing.init(), Handler::handle);
 *
 *   public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
 *     return TRACED.handleRequest(event, context);
 *   }
 * }
 * }</pre>
 */
public final class TracingApiGatewayHandler
    implements RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> {
  private final JstVerifyTracer tracer;
  private final RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler;

  private TracingApiGatewayHandler(
      JstVerifyTracer tracer,
      RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
    this.tracer = tracer;
    this.handler = handler;
  }

  public static TracingApiGatewayHandler wrap(
      JstVerifyTracer tracer,
      RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler) {
    if (tracer == null) throw new NullPointerException("tracer == null");
    if (handler == null) throw new NullPointerException("handler == null");
    return new TracingApiGatewayHandler(tracer, handler);
  }

  @Override
  public APIGatewayProxyResponseEvent handleRequest(APIGatewayProxyRequestEvent event, Context context) {
    return TypedEvents.handle(
        tracer,
        view(event),
        context,
        () -> handler.handleRequest(event, context),
        APIGatewayProxyResponseEvent::getStatusCode,
        APIGatewayProxyResponseEvent::getHeaders,
        APIGatewayProxyResponseEvent::setHeaders);
  }

  private static Map<String, Object> view(APIGatewayProxyRequestEvent event) {
    Map<String, Object> view = new LinkedHashMap<>();
    if (event == null) return view;
    TypedEvents.putIfNotNull(view, "httpMethod", event.getHttpMethod());
    TypedEvents.putIfNotNull(view, "resource", event.getResource());
    TypedEvents.putIfNotNull(view, "path", event.getPath());
    TypedEvents.putIfNotNull(view, "headers", event.getHeaders());
    TypedEvents.putIfNotNull(view, "multiValueHeaders", event.getMultiValueHeaders());
    if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
      Map<String, Object> requestContext = new LinkedHashMap<>();
      requestContext.put("requestId", event.getRequestContext().getRequestId());
      view.put("requestContext", requestContext);
    }
    return view;
  }
}
