package com.jstverify.tracing.serverless;

import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reading Lambda events given as maps. Events come from outside: a missing or oddly typed field
 * gives null, never an exception.
 */
final class Events {
  private Events() {}

  /**
   * The server span of one invocation, a child of {@code parent} when the event carried one and
   * a new root otherwise: never of a span that happens to be active on the Lambda's thread.
   */
  static Span startServerSpan(
      Tracer tracer, String operationName, String component, SpanContext parent) {
    Tracer.SpanBuilder builder =
        tracer
            .buildSpan(operationName)
            .ignoreActiveSpan()
            .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_SERVER)
            .withTag(Tags.COMPONENT.getKey(), component);
    if (parent != null) builder.asChildOf(parent);
    return builder.start();
  }

  /** The value at {@code path} of nested maps, or null. */
  static Object at(Map<?, ?> event, String... path) {
    Object node = event;
    for (String key : path) {
      if (!(node instanceof Map)) return null;
      node = ((Map<?, ?>) node).get(key);
    }
    return node;
  }

  static String string(Map<?, ?> event, String... path) {
    Object value = at(event, path);
    return value instanceof String ? (String) value : null;
  }

  /**
   * The request headers of {@code headers} (single values) and {@code multiValueHeaders} (first
   * value, or all values joined with commas for {@code tracestate}, as repeated headers are).
   * Names keep their case: the tracer's extract compares them case-insensitively.
   */
  static Map<String, String> headers(Object headers, Object multiValueHeaders) {
    Map<String, String> out = new LinkedHashMap<>();
    if (multiValueHeaders instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) multiValueHeaders).entrySet()) {
        if (!(e.getKey() instanceof String) || !(e.getValue() instanceof List)) continue;
        StringBuilder joined = new StringBuilder();
        for (Object v : (List<?>) e.getValue()) {
          if (!(v instanceof String)) continue;
          if (joined.length() > 0) joined.append(',');
          joined.append((String) v);
        }
        if (joined.length() > 0) out.put((String) e.getKey(), joined.toString());
      }
    }
    // The single-value map wins: API Gateway fills it with the last value, the one apps see.
    if (headers instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) headers).entrySet()) {
        if (e.getKey() instanceof String && e.getValue() instanceof String) {
          removeIgnoreCase(out, (String) e.getKey());
          out.put((String) e.getKey(), (String) e.getValue());
        }
      }
    }
    return out;
  }

  static SpanContext extract(Tracer tracer, Map<String, String> headers) {
    if (headers.isEmpty()) return null;
    try {
      return tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    } catch (RuntimeException e) {
      return null; // another tracer may throw on malformed headers; ours never does
    }
  }

  /** The key of {@code map} equal to {@code name} ignoring case, or null. */
  static String keyIgnoreCase(Map<String, ?> map, String name) {
    for (String key : map.keySet()) {
      if (key != null && key.equalsIgnoreCase(name)) return key;
    }
    return null;
  }

  private static void removeIgnoreCase(Map<String, String> map, String name) {
    String key = keyIgnoreCase(map, name);
    if (key != null) map.remove(key);
  }
}
