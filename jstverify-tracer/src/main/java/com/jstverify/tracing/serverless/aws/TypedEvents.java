package com.jstverify.tracing.serverless.aws;

import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.reporter.RelayHeaders;
import com.jstverify.tracing.serverless.ApiGatewayTracing;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.LinkedHashMap;
import java.util.Map;

/** Between the typed events and the map view {@code ApiGatewayTracing} reads. */
final class TypedEvents {
  private TypedEvents() {}

  static void putIfNotNull(Map<String, Object> map, String key, Object value) {
    if (value != null) map.put(key, value);
  }

  static Map<String, Object> responseView(Integer statusCode, Map<String, String> headers) {
    Map<String, Object> view = new LinkedHashMap<>();
    putIfNotNull(view, "statusCode", statusCode);
    view.put("headers", headers == null ? new LinkedHashMap<String, Object>() : new LinkedHashMap<String, Object>(headers));
    return view;
  }

  /**
   * The typed response's headers with what the wrapper added to the view (relay mode: the spans
   * and the expose header), or {@code original} when it added nothing.
   */
  static Map<String, String> headersAfter(Map<String, String> original, Map<String, Object> view) {
    if (view == null || !(view.get("headers") instanceof Map)) return original;
    Map<?, ?> viewHeaders = (Map<?, ?>) view.get("headers");
    if (!viewHeaders.containsKey(RelayHeaders.HEADER_NAME)) return original;
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : viewHeaders.entrySet()) {
      if (e.getKey() instanceof String && e.getValue() instanceof String) {
        headers.put((String) e.getKey(), (String) e.getValue());
      }
    }
    return headers;
  }

  /**
   * Runs a typed handler through the map-based API Gateway wrapper: the event is seen through
   * {@code view}, the typed response through its status and headers, and the headers the wrapper
   * adds (relay mode) are written back onto the typed response.
   */
  static <R> R handle(
      JstVerifyTracer tracer,
      Map<String, Object> view,
      Object context,
      Supplier<R> call,
      Function<R, Integer> statusCode,
      Function<R, Map<String, String>> headers,
      BiConsumer<R, Map<String, String>> setHeaders) {
    @SuppressWarnings("unchecked")
    R[] response = (R[]) new Object[1];
    BiFunction<Map<String, Object>, Object, Map<String, Object>> typed =
        (ignoredView, ignoredContext) -> {
          response[0] = call.get();
          return response[0] == null
              ? null
              : responseView(statusCode.apply(response[0]), headers.apply(response[0]));
        };
    Map<String, Object> after = ApiGatewayTracing.wrap(tracer, typed).apply(view, context);
    if (response[0] != null) {
      setHeaders.accept(response[0], headersAfter(headers.apply(response[0]), after));
    }
    return response[0];
  }
}
