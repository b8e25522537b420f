package com.jstverify.tracing.internal;

import com.jstverify.tracing.JstVerifySpan;
import io.opentracing.log.Fields;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Map;
import okio.Buffer;

/**
 * Writes spans as the span JSON of the wire contract (section 2) into a {@link JsonOut}: no
 * intermediate maps, no copy of the span's tags, ids written from their {@code long}s. The
 * reporter thread writes every finished span with it, so it allocates nothing per span in the
 * usual case.
 *
 * <pre>{@code
 * SpanJson json = new SpanJson();                 // one per thread
 * int written = json.batch(out, spans, count);    // {"spans":[...]}
 * String one = SpanJson.toJson(span);             // tests, logging
 * }</pre>
 */
public final class SpanJson implements JstVerifySpan.TagConsumer<JsonOut> {
  /** A span whose JSON is larger than this is truncated before it is sent (64 KiB). */
  public static final int MAX_SPAN_BYTES = 64 * 1024;
  /** The tag added, with value {@code true}, to the JSON of a truncated span. */
  public static final String TRUNCATED_TAG = "jstverify.truncated";

  // The span JSON's fixed text, encoded once.
  private static final byte[] BATCH_START = ascii("{\"spans\":[");
  private static final byte[] BATCH_END = ascii("]}");
  private static final byte[] TRACE_ID = ascii("{\"traceId\":");
  private static final byte[] SPAN_ID = ascii(",\"spanId\":");
  private static final byte[] PARENT_SPAN_ID = ascii(",\"parentSpanId\":");
  private static final byte[] NULL = ascii("null");
  private static final byte[] OPERATION_NAME = ascii(",\"operationName\":");
  private static final byte[] SERVICE_NAME = ascii(",\"serviceName\":");
  private static final byte[] SERVICE_TYPE = ascii(",\"serviceType\":");
  private static final byte[] START_TIME = ascii(",\"startTime\":");
  private static final byte[] END_TIME = ascii(",\"endTime\":");
  private static final byte[] DURATION = ascii(",\"duration\":");
  private static final byte[] START_TIME_MICROS = ascii(",\"startTimeMicros\":");
  private static final byte[] DURATION_MICROS = ascii(",\"durationMicros\":");
  private static final byte[] STATUS_CODE = ascii(",\"statusCode\":");
  private static final byte[] HTTP_METHOD = ascii(",\"httpMethod\":");
  private static final byte[] HTTP_URL = ascii(",\"httpUrl\":");
  private static final byte[] TAGS = ascii(",\"tags\":{");
  private static final byte[] COLON_TRUE = ascii(":true");
  private static final byte[] LOGS = ascii(",\"logs\":[");
  private static final byte[] TIMESTAMP = ascii("{\"timestampMicros\":");
  private static final byte[] FIELDS = ascii(",\"fields\":{");
  private static final byte[] LOG_END = ascii("}}");
  private static final byte[] BAGGAGE = ascii(",\"baggage\":{");
  private static final byte[] ERROR_TRUE = ascii(",\"error\":true");
  private static final byte[] ERROR_FALSE = ascii(",\"error\":false");

  // State of the span being written, for accept(): the tag consumer is this object itself, so
  // passing it allocates nothing.
  private Limits limits;
  private int tagsWritten;

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /** A writer for one thread at a time. */
  public SpanJson() {}

  /** One span as a JSON object. */
  public static String toJson(JstVerifySpan span) {
    JsonOut out = new JsonOut(512);
    new SpanJson().write(out, span, null);
    return out.toUtf8();
  }

  /** Spans as a JSON array. */
  public static String toJsonArray(Collection<JstVerifySpan> spans) {
    SpanJson writer = new SpanJson();
    JsonOut out = new JsonOut(512 * Math.max(1, spans.size()));
    out.writeByte('[');
    boolean first = true;
    for (JstVerifySpan span : spans) {
      if (!first) out.writeByte(',');
      writer.write(out, span, null);
      first = false;
    }
    out.writeByte(']');
    return out.toUtf8();
  }

  /** {@link #bounded}, with a writer of its own, appended to {@code out}. */
  public static boolean writeBounded(Buffer out, JstVerifySpan span, int maxBytes) {
    JsonOut json = new JsonOut(512);
    boolean truncated = new SpanJson().bounded(json, span, maxBytes);
    out.write(json.array(), 0, json.size());
    return truncated;
  }

  /**
   * Writes one span as JSON into {@code out}, at most {@code maxBytes} long when that can be
   * done: a span too large is written again with tag values and log fields trimmed, then without
   * logs, then with everything trimmed, then with no tags, logs or baggage at all, and tagged
   * {@value #TRUNCATED_TAG}{@code =true}. So one huge span cannot get a whole batch refused.
   *
   * @return true when the span was truncated
   */
  public boolean bounded(JsonOut out, JstVerifySpan span, int maxBytes) {
    int start = out.size();
    write(out, span, null);
    if (out.size() - start <= maxBytes) return false;
    for (int i = 1; i < Limits.STAGES.length; i++) {
      out.truncate(start);
      write(out, span, Limits.STAGES[i]);
      // The last stage is kept whatever its size: it is a few hundred bytes.
      if (out.size() - start <= maxBytes) break;
    }
    return true;
  }

  /**
   * Writes the ingestion API's request body, {@code {"spans":[...]}}, with the first {@code
   * count} spans, each {@linkplain #bounded bounded} to {@link #MAX_SPAN_BYTES}. A value that
   * cannot be printed is written as its class name ({@link JsonOut#safeToString}); a span whose
   * JSON still cannot be produced (a bug of ours) is left out rather than failing the batch: the
   * caller counts it.
   *
   * @return how many spans were written
   */
  public int batch(JsonOut out, JstVerifySpan[] spans, int count) {
    int written = 0;
    out.raw(BATCH_START);
    for (int i = 0; i < count; i++) {
      int mark = out.size();
      if (written > 0) out.writeByte(',');
      try {
        bounded(out, spans[i], MAX_SPAN_BYTES);
      } catch (Throwable t) {
        Throwables.propagateIfFatal(t);
        out.truncate(mark);
        continue;
      }
      written++;
    }
    out.raw(BATCH_END);
    return written;
  }

  /** Receives the span's own tags while it is written; public only as the consumer type. */
  @Override
  public void accept(JsonOut out, String key, Object value) {
    if (limits != null && TRUNCATED_TAG.equals(key)) return; // written once, at the end
    if (tagsWritten++ > 0) out.writeByte(',');
    out.string(trim(key, true));
    out.writeByte(':');
    value(out, value);
  }

  // A tag or log value; when trimming, anything but a boolean or a number of fixed size goes as
  // trimmed text (a BigInteger or a Number of one's own can print as long as any string).
  private void value(JsonOut out, Object value) {
    if (limits != null && !(value instanceof Boolean || isFixedSizeNumber(value))) {
      String text = value instanceof String ? (String) value : JsonOut.safeToString(value);
      out.string(trim(text, false));
    } else {
      out.value(value);
    }
  }

  private static boolean isFixedSizeNumber(Object value) {
    return value instanceof Integer
        || value instanceof Long
        || value instanceof Double
        || value instanceof Float
        || value instanceof Short
        || value instanceof Byte;
  }

  // limits == null: the span as it is (the common case, no trimming).
  private void write(JsonOut out, JstVerifySpan span, Limits limits) {
    this.limits = limits;
    // A finished span no longer changes; its monitor makes what other threads set visible, once
    // for the whole span (the accessors below take it again, re-entrantly, at little cost).
    synchronized (span) {
      long startMicros = span.startMicros();
      long finishMicros = span.finishMicros();
      long startMillis = startMicros / 1_000L;
      long endMillis = finishMicros / 1_000L;
      out.raw(TRACE_ID);
      out.hex32(span.context().traceIdHigh(), span.context().traceIdLow());
      out.raw(SPAN_ID);
      out.hex16(span.context().spanId());
      out.raw(PARENT_SPAN_ID);
      long parentId = span.parentIdAsLong();
      if (parentId == 0L) {
        out.raw(NULL); // the contract shows an explicit null on a root span
      } else {
        out.hex16(parentId);
      }
      out.raw(OPERATION_NAME);
      out.string(trim(span.operationName(), true));
      out.raw(SERVICE_NAME);
      out.string(trim(span.serviceName(), true));
      out.raw(SERVICE_TYPE);
      out.string(trim(span.serviceType(), true));
      out.raw(START_TIME);
      out.decimal(startMillis);
      out.raw(END_TIME);
      out.decimal(endMillis);
      out.raw(DURATION);
      out.decimal(endMillis - startMillis);
      out.raw(START_TIME_MICROS);
      out.decimal(startMicros);
      out.raw(DURATION_MICROS);
      out.decimal(finishMicros - startMicros);
      int status = span.statusCode();
      if (status >= 0) {
        out.raw(STATUS_CODE);
        out.decimal(status);
      }
      String method = span.httpMethod();
      if (method != null) {
        out.raw(HTTP_METHOD);
        out.string(trim(method, true));
      }
      String url = span.httpUrl();
      if (url != null) {
        out.raw(HTTP_URL);
        out.string(trim(url, true));
      }
      out.raw(span.isError() ? ERROR_TRUE : ERROR_FALSE);
      writeTags(out, span);
      writeLogs(out, span);
      writeBaggage(out, span);
      out.writeByte('}');
    }
  }

  private void writeTags(JsonOut out, JstVerifySpan span) {
    out.raw(TAGS);
    tagsWritten = 0;
    if (limits == null || limits.keepTags) {
      Map<String, String> tracerTags = span.tracerTags();
      if (!tracerTags.isEmpty()) { // no iterator made for the usual empty map
        for (Map.Entry<String, String> e : tracerTags.entrySet()) {
          // The span's own value wins; a key twice would be ambiguous JSON.
          if (span.tag(e.getKey()) != null) continue;
          accept(out, e.getKey(), e.getValue());
        }
      }
      span.forEachTag(this, out);
    }
    if (limits != null) {
      if (tagsWritten > 0) out.writeByte(',');
      out.string(TRUNCATED_TAG);
      out.raw(COLON_TRUE);
    }
    out.writeByte('}');
  }

  private void writeLogs(JsonOut out, JstVerifySpan span) {
    out.raw(LOGS);
    if (limits == null || limits.keepLogs) {
      boolean firstEntry = true;
      for (JstVerifySpan.LogEntry entry : span.logEntries()) {
        if (!firstEntry) out.writeByte(',');
        firstEntry = false;
        out.raw(TIMESTAMP);
        out.decimal(entry.timestampMicros());
        out.raw(FIELDS);
        boolean firstField = true;
        for (Map.Entry<String, ?> f : entry.fields().entrySet()) {
          // The exception under error.object was already expanded into error.kind, message and
          // stack; one under another key is written as its toString(), like any other value.
          if (f.getValue() instanceof Throwable && Fields.ERROR_OBJECT.equals(f.getKey())) continue;
          if (!firstField) out.writeByte(',');
          firstField = false;
          out.string(trim(f.getKey(), true));
          out.writeByte(':');
          value(out, f.getValue());
        }
        out.raw(LOG_END);
      }
    }
    out.writeByte(']');
  }

  private void writeBaggage(JsonOut out, JstVerifySpan span) {
    out.raw(BAGGAGE);
    if (limits == null || limits.keepBaggage) {
      boolean first = true;
      for (Map.Entry<String, String> e : span.context().baggage().entrySet()) {
        if (!first) out.writeByte(',');
        first = false;
        out.string(trim(e.getKey(), true));
        out.writeByte(':');
        out.string(trim(e.getValue(), false));
      }
    }
    out.writeByte('}');
  }

  /** {@code value} cut to the stage's length, never between the two halves of a surrogate pair. */
  private String trim(String value, boolean name) {
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
}
