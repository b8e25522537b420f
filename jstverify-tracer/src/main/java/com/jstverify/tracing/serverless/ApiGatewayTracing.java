package com.jstverify.tracing.serverless;

import com.jstverify.tracing.internal.IntValues;
import com.jstverify.tracing.internal.SpanErrors;
import com.jstverify.tracing.internal.UrlPaths;
import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.JstVerifyTracing;
import com.jstverify.tracing.reporter.RelayHeaders;
import com.jstverify.tracing.reporter.RelayReporter;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.tag.Tags;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Wraps a Lambda handler of API Gateway proxy events (REST API v1 and HTTP API v2 payloads) so
 * each invocation is a server span that continues the caller's trace, and is delivered before the
 * handler returns.
 *
 * <pre>{@code
 * public class Handler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
 *   private static final BiFunction<Map<String, Object>, Object, Map<String, Object>> TRACED =
 *       ApiGatewayTracing.wrap(JstVerifyTracing.init(), Handler::handle);
 *
 *   public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
 *     return TRACED.apply(event, context);
 *   }
 * }
 * }</pre>
 *
 * <p>The span is named {@code "<method> <resource>"} ({@code "GET /users/{id}"}: v1's {@code
 * resource}, v2's {@code routeKey} path), carries the response's {@code statusCode}, and is
 * marked as an error when the handler throws (the exception is rethrown unchanged). With {@link
 * com.jstverify.tracing.Transport#DIRECT} the wrapper flushes before returning; with {@code
 * RELAY} it adds {@value RelayHeaders#HEADER_NAME} (and {@value RelayHeaders#EXPOSE_HEADERS}) to
 * the response's {@code headers}, in a copy of the response map.
 */
public final class ApiGatewayTracing {
  static final String COMPONENT = "aws-lambda-apigateway";

  private ApiGatewayTracing() {}

  /** Traces {@code handler} with {@code tracer}, flushing at most 5 seconds per invocation. */
  public static BiFunction<Map<String, Object>, Object, Map<String, Object>> wrap(
      JstVerifyTracer tracer, BiFunction<Map<String, Object>, Object, Map<String, Object>> handler) {
    return wrap(tracer, handler, JstVerifyTracing.DEFAULT_FLUSH_TIMEOUT);
  }

  /** Traces {@code handler} with {@code tracer}, flushing at most {@code flushTimeout}. */
  public static BiFunction<Map<String, Object>, Object, Map<String, Object>> wrap(
      JstVerifyTracer tracer,
      BiFunction<Map<String, Object>, Object, Map<String, Object>> handler,
      Duration flushTimeout) {
    if (tracer == null) throw new NullPointerException("tracer == null");
    if (handler == null) throw new NullPointerException("handler == null");
    if (flushTimeout == null) throw new NullPointerException("flushTimeout == null");
    return (event, context) -> invoke(tracer, handler, flushTimeout, event, context);
  }

  /**
   * Traces {@code handler} with the tracer {@link JstVerifyTracing#init} made, looked up at each
   * invocation; without one the handler runs untraced.
   */
  public static BiFunction<Map<String, Object>, Object, Map<String, Object>> wrap(
      BiFunction<Map<String, Object>, Object, Map<String, Object>> handler) {
    if (handler == null) throw new NullPointerException("handler == null");
    return (event, context) -> {
      JstVerifyTracer tracer = JstVerifyTracing.tracer();
      if (tracer == null) return handler.apply(event, context);
      return invoke(tracer, handler, JstVerifyTracing.DEFAULT_FLUSH_TIMEOUT, event, context);
    };
  }

  /** {@code "GET /users/{id}"} for a v1 or v2 event; {@code "unknown"} parts when absent. */
  static String operationName(Map<String, Object> event) {
    if (event == null) return "unknown unknown";
    String method = Events.string(event, "httpMethod");
    String route = Events.string(event, "resource");
    if (method == null) method = Events.string(event, "requestContext", "http", "method");
    if (route == null) {
      String routeKey = Events.string(event, "routeKey"); // "GET /users/{id}" or "$default"
      if (routeKey != null) {
        int space = routeKey.indexOf(' ');
        route = space >= 0 ? routeKey.substring(space + 1) : routeKey;
      }
    }
    if (route == null) route = Events.string(event, "path");
    if (route == null) route = Events.string(event, "rawPath");
    return (method == null ? "unknown" : method) + " " + (route == null ? "unknown" : route);
  }

  private static Map<String, Object> invoke(
      JstVerifyTracer tracer,
      BiFunction<Map<String, Object>, Object, Map<String, Object>> handler,
      Duration flushTimeout,
      Map<String, Object> event,
      Object context) {
    Map<String, String> headers =
        event == null
            ? new LinkedHashMap<>()
            : Events.headers(event.get("headers"), event.get("multiValueHeaders"));
    SpanContext parent = Events.extract(tracer, headers);
    Span span = startSpan(tracer, event, parent);
    RelayReporter relay =
        tracer.reporter() instanceof RelayReporter ? (RelayReporter) tracer.reporter() : null;
    if (relay != null && span instanceof JstVerifySpan) relay.beginRequest((JstVerifySpan) span);
    Map<String, Object> response = null;
    boolean returned = false;
    try (Scope ignored = tracer.activateSpan(span)) {
      response = handler.apply(event, context);
      Integer status = response == null ? null : IntValues.of(response.get("statusCode"));
      if (status != null) Tags.HTTP_STATUS.set(span, status);
      returned = true;
    } catch (Throwable t) {
      // Throwable: a checked exception thrown undeclared (Lombok's @SneakyThrows, Kotlin) too.
      // Recorded here, rethrown unchanged by the try statement.
      SpanErrors.record(span, t);
      throw t;
    } finally {
      span.finish();
      if (relay != null) {
        if (returned && response != null) {
          response = withSpansHeader(response, relay.endRequest((JstVerifySpan) span));
        } else {
          // Thrown, or no response: no header to ride on. Sent directly or counted, not lost.
          relay.abandonRequest((JstVerifySpan) span);
        }
      }
      // Before returning: Lambda may freeze the process as soon as the handler has returned.
      tracer.flush(flushTimeout);
    }
    return response;
  }

  private static Span startSpan(JstVerifyTracer tracer, Map<String, Object> event, SpanContext parent) {
    Span span = Events.startServerSpan(tracer, operationName(event), COMPONENT, parent);
    if (event != null) {
      String method = Events.string(event, "httpMethod");
      if (method == null) method = Events.string(event, "requestContext", "http", "method");
      String path = Events.string(event, "path");
      if (path == null) path = Events.string(event, "rawPath");
      if (method != null) Tags.HTTP_METHOD.set(span, method);
      if (path != null) Tags.HTTP_URL.set(span, UrlPaths.withoutParameters(path));
      String requestId = Events.string(event, "requestContext", "requestId");
      if (requestId != null) span.setTag("apigateway.request_id", requestId);
    }
    return span;
  }

  /** A copy of the response with the relay headers added to its {@code headers}. */
  private static Map<String, Object> withSpansHeader(Map<String, Object> response, String spans) {
    if (spans == null || response == null) return response;
    Map<String, Object> copy = new LinkedHashMap<>(response);
    Map<String, Object> headers = new LinkedHashMap<>();
    Object existing = response.get("headers");
    if (existing instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) existing).entrySet()) {
        if (e.getKey() instanceof String) headers.put((String) e.getKey(), e.getValue());
      }
    }
    headers.put(RelayHeaders.HEADER_NAME, spans);
    String exposeKey = Events.keyIgnoreCase(headers, RelayHeaders.EXPOSE_HEADERS);
    Object expose = exposeKey == null ? null : headers.remove(exposeKey);
    headers.put(
        exposeKey == null ? RelayHeaders.EXPOSE_HEADERS : exposeKey,
        RelayHeaders.mergeExposeHeaders(expose instanceof String ? (String) expose : null));
    copy.put("headers", headers);
    return copy;
  }
}
