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
import java.util.Set;
import java.util.TreeSet;

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
   * The request headers of {@code multiValueHeaders} (every value, joined with commas as repeated
   * headers are: the members of repeated {@code tracestate} headers in order) and of {@code
   * headers} (single values) for the names the first lacks. Names keep their case: the tracer's
   * extract compares them case-insensitively.
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
    // API Gateway puts only the last value of a repeated header in the single-value map: it
    // fills in the names the multi-value map lacks (a v2 payload, a hand-made test event).
    if (headers instanceof Map && !((Map<?, ?>) headers).isEmpty()) {
      // The names kept so far, whatever their case: a scan of them per name would cost the
      // square of the number of names, and the event may have any number.
      Set<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      names.addAll(out.keySet());
      for (Map.Entry<?, ?> e : ((Map<?, ?>) headers).entrySet()) {
        if (e.getKey() instanceof String
            && e.getValue() instanceof String
            && names.add((String) e.getKey())) {
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
}
