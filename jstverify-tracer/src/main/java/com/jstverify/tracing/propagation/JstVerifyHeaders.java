package com.jstverify.tracing.propagation;

import com.jstverify.tracing.JstVerifySpanContext;
import com.jstverify.tracing.internal.Hex;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads and writes the {@code X-JstVerify-Trace-Id} / {@code X-JstVerify-Parent-Span-Id} pair
 * that the JstVerify browser SDK puts on its requests.
 *
 * <pre>{@code
 * // X-JstVerify-Trace-Id: 0AF76519-16CD-43DD-8448-EB211C80319C
 * // X-JstVerify-Parent-Span-Id: 00f067aa0ba902b7
 * JstVerifySpanContext parent = new JstVerifyHeaders().extract(getter);
 * parent.toTraceId(); // "0af7651916cd43dd8448eb211c80319c"
 * }</pre>
 */
public final class JstVerifyHeaders implements Propagator {
  /** The trace id header, as spelled on inject. */
  public static final String TRACE_ID = "X-JstVerify-Trace-Id";
  /** The parent span id header, as spelled on inject. */
  public static final String PARENT_SPAN_ID = "X-JstVerify-Parent-Span-Id";

  static final String TRACE_ID_FIELD = "x-jstverify-trace-id";
  static final String PARENT_SPAN_ID_FIELD = "x-jstverify-parent-span-id";

  private static final List<String> FIELDS =
      Collections.unmodifiableList(Arrays.asList(TRACE_ID_FIELD, PARENT_SPAN_ID_FIELD));
  private static final Logger LOG = Logger.getLogger(JstVerifyHeaders.class.getName());

  @Override
  public List<String> fields() {
    return FIELDS;
  }

  @Override
  public void inject(JstVerifySpanContext context, Setter setter) {
    // A baggage-only context has no ids to continue; all-zero ids would be malformed downstream.
    if (!context.hasIds()) return;
    // The context caches its hex form, which the reporter needs anyway.
    setter.set(TRACE_ID, context.toTraceId());
    setter.set(PARENT_SPAN_ID, context.toSpanId());
  }

  @Override
  public JstVerifySpanContext extract(Getter getter) {
    String traceId = getter.get(TRACE_ID_FIELD);
    String parentId = getter.get(PARENT_SPAN_ID_FIELD);
    if (traceId == null && parentId == null) return null; // not a JstVerify request: no news
    if (traceId == null) return malformed("parent span id without a trace id", parentId);
    if (parentId == null) return malformed("trace id without a parent span id", traceId);

    // Trace id, by index over the trimmed range: no substring, no regex.
    int begin = skipOws(traceId, 0, traceId.length());
    int end = trimOwsEnd(traceId, begin, traceId.length());
    long high;
    long low;
    switch (end - begin) {
      case 32: // 0af7651916cd43dd8448eb211c80319c
        if (!isHex(traceId, begin, 32)) return malformed("trace id is not hex", traceId);
        high = parseHex(0L, traceId, begin, 16);
        low = parseHex(0L, traceId, begin + 16, 16);
        break;
      case 36: // 0af76519-16cd-43dd-8448-eb211c80319c, as crypto.randomUUID() makes them
        if (!isDashedUuid(traceId, begin)) {
          return malformed("trace id is neither 32 hex characters nor a UUID", traceId);
        }
        high = parseHex(0L, traceId, begin, 8);
        high = parseHex(high, traceId, begin + 9, 4);
        high = parseHex(high, traceId, begin + 14, 4);
        low = parseHex(0L, traceId, begin + 19, 4);
        low = parseHex(low, traceId, begin + 24, 12);
        break;
      case 16: // a 64-bit id from an older peer: the high half is zero
        if (!isHex(traceId, begin, 16)) return malformed("trace id is not hex", traceId);
        high = 0L;
        low = parseHex(0L, traceId, begin, 16);
        break;
      default:
        return malformed("trace id is not 32 or 16 hex characters or a UUID", traceId);
    }
    if (high == 0L && low == 0L) return malformed("trace id is all zero", traceId);

    begin = skipOws(parentId, 0, parentId.length());
    end = trimOwsEnd(parentId, begin, parentId.length());
    if (end - begin != 16 || !isHex(parentId, begin, 16)) {
      return malformed("parent span id is not 16 hex characters", parentId);
    }
    long spanId = parseHex(0L, parentId, begin, 16);
    if (spanId == 0L) return malformed("parent span id is all zero", parentId);

    // The SDK only sends these headers for traces it records: there is no sampling header.
    return JstVerifySpanContext.of(high, low, spanId, JstVerifySpanContext.FLAG_SAMPLED, null, null);
  }

  @Override
  public String toString() {
    return "JstVerifyHeaders";
  }

  private static boolean isDashedUuid(String s, int begin) {
    for (int i = 0; i < 36; i++) {
      char c = s.charAt(begin + i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') return false;
      } else if (Hex.digit(c, true) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean isHex(String s, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      if (Hex.digit(s.charAt(i), true) < 0) return false;
    }
    return true;
  }

  /** Appends {@code length} hex digits, already checked by the caller, to {@code acc}. */
  private static long parseHex(long acc, String s, int offset, int length) {
    for (int i = offset, end = offset + length; i < end; i++) {
      acc = (acc << 4) | Hex.digit(s.charAt(i), true);
    }
    return acc;
  }

  private static int skipOws(String s, int begin, int end) {
    while (begin < end && HeaderText.isOws(s.charAt(begin))) begin++;
    return begin;
  }

  private static int trimOwsEnd(String s, int begin, int end) {
    while (end > begin && HeaderText.isOws(s.charAt(end - 1))) end--;
    return end;
  }


  private static JstVerifySpanContext malformed(String why, String value) {
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine("Ignoring the X-JstVerify-* headers: " + why + ": " + HeaderText.logSafe(value));
    }
    return null;
  }

}
