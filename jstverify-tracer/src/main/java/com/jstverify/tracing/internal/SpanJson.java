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
  /** A span whose JSON is larger than this is truncated before it is sent (64 KiB). */
  public static final int MAX_SPAN_BYTES = 64 * 1024;
  /** The tag added, with value {@code true}, to the JSON of a truncated span. */
  public static final String TRUNCATED_TAG = "jstverify.truncated";

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
    write(w, span, null);
  }

  /**
   * Writes one span as JSON into {@code out}, at most {@code maxBytes} long when that can be
   * done: a span too large is written again with tag values and log fields trimmed, then without
   * logs, then with everything trimmed, then with no tags, logs or baggage at all, and tagged
   * {@value #TRUNCATED_TAG}{@code =true}. So one huge span cannot get a whole batch refused.
   *
   * @return true when the span was truncated
   */
  public static boolean writeBounded(Buffer out, JstVerifySpan span, int maxBytes) {
    Buffer scratch = new Buffer();
    boolean truncated = false;
    for (Limits limits : Limits.STAGES) {
      scratch.clear();
      try (JsonWriter w = JsonWriter.of(scratch)) {
        write(w, span, limits);
      } catch (IOException e) {
        throw new UncheckedIOException(e); // a Buffer never fails
      }
      if (scratch.size() <= maxBytes) break;
      truncated = true; // the last stage is written whatever its size: it is a few hundred bytes
    }
    out.write(scratch, scratch.size());
    return truncated;
  }

  /**
   * Writes the ingestion API's request body, {@code {"spans": [...]}}, with the first {@code
   * count} spans, each {@linkplain #writeBounded bounded} to {@link #MAX_SPAN_BYTES}. A span whose
   * JSON cannot be produced at all (a tag value whose {@code toString()} throws an {@code Error},
   * say) is left out rather than failing the batch: the caller counts it.
   *
   * @return how many spans were written
   */
  public static int writeBatch(Buffer out, JstVerifySpan[] spans, int count) {
    int written = 0;
    Buffer span = new Buffer();
    out.writeUtf8("{\"spans\":[");
    for (int i = 0; i < count; i++) {
      span.clear();
      try {
        writeBounded(span, spans[i], MAX_SPAN_BYTES);
      } catch (RuntimeException | StackOverflowError e) {
        continue;
      }
      if (written > 0) out.writeByte(',');
      out.write(span, span.size());
      written++;
    }
    out.writeUtf8("]}");
    return written;
  }

  // limits == null: the span as it is (the common case, no trimming checks).
  private static void write(JsonWriter w, JstVerifySpan span, Limits limits) throws IOException {
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
    w.name("operationName").value(trim(span.operationName(), limits, true));
    w.name("serviceName").value(trim(span.serviceName(), limits, true));
    w.name("serviceType").value(trim(span.serviceType(), limits, true));
    w.name("startTime").value(startMillis);
    w.name("endTime").value(endMillis);
    w.name("duration").value(endMillis - startMillis);
    w.name("startTimeMicros").value(startMicros);
    w.name("durationMicros").value(finishMicros - startMicros);
    int status = span.statusCode();
    if (status >= 0) w.name("statusCode").value(status);
    String method = span.httpMethod();
    if (method != null) w.name("httpMethod").value(trim(method, limits, true));
    String url = span.httpUrl();
    if (url != null) w.name("httpUrl").value(trim(url, limits, true));
    w.name("error").value(span.isError());

    if (limits == null) {
      writeTagsLogsBaggage(w, span);
    } else {
      writeTagsLogsBaggage(w, span, limits);
    }
    w.endObject();
  }

  private static void writeTagsLogsBaggage(JsonWriter w, JstVerifySpan span) throws IOException {
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
  }

  // The same as above, trimmed as the stage of truncation says, and marked as truncated.
  private static void writeTagsLogsBaggage(JsonWriter w, JstVerifySpan span, Limits limits)
      throws IOException {
    w.name("tags").beginObject();
    int written = 0;
    if (limits.keepTags) {
      Map<String, Object> tags = span.tags();
      for (Map.Entry<String, String> e : span.tracerTags().entrySet()) {
        if (tags.containsKey(e.getKey()) || TRUNCATED_TAG.equals(e.getKey())) continue;
        w.name(trim(e.getKey(), limits, true)).value(trim(e.getValue(), limits, false));
        written++;
      }
      for (Map.Entry<String, Object> e : tags.entrySet()) {
        if (TRUNCATED_TAG.equals(e.getKey())) continue;
        w.name(trim(e.getKey(), limits, true));
        writeTrimmedValue(w, e.getValue(), limits);
        written++;
      }
    }
    w.name(TRUNCATED_TAG).value(true);
    w.endObject();

    w.name("logs").beginArray();
    if (limits.keepLogs) {
      for (JstVerifySpan.LogEntry entry : span.logEntries()) {
        w.beginObject();
        w.name("timestampMicros").value(entry.timestampMicros());
        w.name("fields").beginObject();
        for (Map.Entry<String, ?> f : entry.fields().entrySet()) {
          if (f.getValue() instanceof Throwable) continue;
          w.name(trim(f.getKey(), limits, true));
          writeTrimmedValue(w, f.getValue(), limits);
        }
        w.endObject();
        w.endObject();
      }
    }
    w.endArray();

    w.name("baggage").beginObject();
    if (limits.keepBaggage) {
      for (Map.Entry<String, String> e : span.context().baggage().entrySet()) {
        w.name(trim(e.getKey(), limits, true)).value(trim(e.getValue(), limits, false));
      }
    }
    w.endObject();
  }

  private static void writeTrimmedValue(JsonWriter w, Object value, Limits limits)
      throws IOException {
    if (value instanceof String) {
      w.value(trim((String) value, limits, false));
    } else if (value instanceof Boolean || value instanceof Number) {
      writeValue(w, value);
    } else {
      w.value(trim(safeToString(value), limits, false));
    }
  }

  /** {@code value} cut to the stage's length, never between the two halves of a surrogate pair. */
  private static String trim(String value, Limits limits, boolean name) {
    if (limits == null || value == null) return value;
    int max = name ? limits.maxNameChars : limits.maxValueChars;
    if (value.length() <= max) return value;
    int end = max;
    if (end > 0 && Character.isHighSurrogate(value.charAt(end - 1))) end--;
    return value.substring(0, end);
  }

  /** One stage of truncation; each drops more than the one before. */
  private static final class Limits {
    static final Limits[] STAGES = {
      null, // as it is
      new Limits(4096, 1024, true, true, true), // long tag values and log fields trimmed
      new Limits(4096, 1024, true, false, true), // logs dropped
      new Limits(256, 256, true, false, true), // every string trimmed hard
      new Limits(256, 0, false, false, false), // the span's own fields only
    };

    final int maxNameChars; // operation name, service, URL, keys
    final int maxValueChars; // tag, log field and baggage values
    final boolean keepTags;
    final boolean keepLogs;
    final boolean keepBaggage;

    Limits(int maxNameChars, int maxValueChars, boolean keepTags, boolean keepLogs,
        boolean keepBaggage) {
      this.maxNameChars = maxNameChars;
      this.maxValueChars = maxValueChars;
      this.keepTags = keepTags;
      this.keepLogs = keepLogs;
      this.keepBaggage = keepBaggage;
    }
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
