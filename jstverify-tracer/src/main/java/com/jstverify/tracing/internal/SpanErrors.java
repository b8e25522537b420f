package com.jstverify.tracing.internal;

import io.opentracing.Span;
import io.opentracing.log.Fields;
import io.opentracing.tag.Tags;
import java.util.LinkedHashMap;
import java.util.Map;

/** Marks a span as failed the OpenTracing way: {@code error=true} and an error log entry. */
public final class SpanErrors {
  private SpanErrors() {}

  /**
   * Tags {@code error=true} and logs the exception under {@code error.object} with its kind and
   * message (our spans add the stack when they expand {@code error.object}).
   */
  public static void record(Span span, Throwable error) {
    Tags.ERROR.set(span, true);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put(Fields.EVENT, Tags.ERROR.getKey());
    fields.put(Fields.ERROR_OBJECT, error);
    fields.put(Fields.ERROR_KIND, error.getClass().getName());
    String message = Throwables.messageOf(error);
    if (message != null) fields.put(Fields.MESSAGE, message);
    span.log(fields);
  }
}
