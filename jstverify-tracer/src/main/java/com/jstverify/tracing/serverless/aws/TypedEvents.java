package com.jstverify.tracing.serverless.aws;

import com.jstverify.tracing.reporter.RelayHeaders;
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
}
