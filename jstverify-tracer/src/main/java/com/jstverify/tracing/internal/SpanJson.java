package com.jstverify.tracing.internal;

import com.jstverify.tracing.JstVerifySpan;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import okio.Buffer;

/**
 * Writes spans as the span JSON of the wire contract (section 2), with Moshi's streaming
 * writer: no reflection, no intermediate maps beyond the span's own snapshots.
 */
public final class SpanJson {
  private SpanJson() {}

  /** One span as a JSON object. */
  public static String toJson(JstVerifySpan span) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      write(writer, span);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a Buffer never fails
    }
    return buffer.readUtf8();
  }

  /** Spans as a JSON array. */
  public static String toJsonArray(Collection<JstVerifySpan> spans) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.beginArray();
      for (JstVerifySpan span : spans) write(writer, span);
      writer.endArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  /** Writes one span object. */
  public static void write(JsonWriter w, JstVerifySpan span) throws IOException {
    long startMicros = span.startMicros();
    long finishMicros = span.finishMicros();
    long startMillis = startMicros / 1_000L;
    long endMillis = finishMicros / 1_000L;
    w.beginObject();
    w.name("traceId").value(span.traceId());
    w.name("spanId").value(span.spanId());
    String parentId = span.parentId();
    w.name("parentSpanId");
    if (parentId == null) {
      // Moshi skips nulls unless asked: the contract shows an explicit null on a root span.
      boolean serializeNulls = w.getSerializeNulls();
      w.setSerializeNulls(true);
      w.nullValue();
      w.setSerializeNulls(serializeNulls);
    } else {
      w.value(parentId);
    }
    w.name("operationName").value(span.operationName());
    w.name("serviceName").value(span.serviceName());
    w.name("serviceType").value(span.serviceType());
    w.name("startTime").value(startMillis);
    w.name("endTime").value(endMillis);
    w.name("duration").value(endMillis - startMillis);
    w.name("startTimeMicros").value(startMicros);
    w.name("durationMicros").value(finishMicros - startMicros);
    int status = span.statusCode();
    if (status >= 0) w.name("statusCode").value(status);
    String method = span.httpMethod();
    if (method != null) w.name("httpMethod").value(method);
    String url = span.httpUrl();
    if (url != null) w.name("httpUrl").value(url);
    w.name("error").value(span.isError());

    w.name("tags").beginObject();
    Map<String, Object> tags = span.tags();
    for (Map.Entry<String, String> e : span.tracerTags().entrySet()) {
      if (!tags.containsKey(e.getKey())) w.name(e.getKey()).value(e.getValue());
    }
    for (Map.Entry<String, Object> e : tags.entrySet()) {
      w.name(e.getKey());
      writeValue(w, e.getValue());
    }
    w.endObject();

    w.name("logs").beginArray();
    for (JstVerifySpan.LogEntry entry : span.logEntries()) {
      w.beginObject();
      w.name("timestampMicros").value(entry.timestampMicros());
      w.name("fields").beginObject();
      for (Map.Entry<String, ?> f : entry.fields().entrySet()) {
        // An exception was already expanded into error.kind, message and stack.
        if (f.getValue() instanceof Throwable) continue;
        w.name(f.getKey());
        writeValue(w, f.getValue());
      }
      w.endObject();
      w.endObject();
    }
    w.endArray();

    w.name("baggage").beginObject();
    for (Map.Entry<String, String> e : span.context().baggage().entrySet()) {
      w.name(e.getKey()).value(e.getValue());
    }
    w.endObject();
    w.endObject();
  }

  /** Strings, numbers and booleans as themselves; anything else as its {@code toString()}. */
  static void writeValue(JsonWriter w, Object value) throws IOException {
    if (value instanceof String) {
      w.value((String) value);
    } else if (value instanceof Boolean) {
      w.value((Boolean) value);
    } else if (value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte) {
      w.value(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        w.value(String.valueOf(d)); // JSON has no NaN or Infinity
      } else {
        w.value(d);
      }
    } else if (value instanceof BigInteger || value instanceof BigDecimal) {
      w.value((Number) value);
    } else if (value instanceof Number) {
      w.value(safeToString(value));
    } else {
      w.value(safeToString(value));
    }
  }

  private static String safeToString(Object value) {
    try {
      return String.valueOf(value);
    } catch (RuntimeException e) {
      return value.getClass().getName();
    }
  }
}
