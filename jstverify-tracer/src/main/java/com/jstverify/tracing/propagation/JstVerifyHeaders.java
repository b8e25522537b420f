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
  private static final int UUID_LENGTH = 36;

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

    // Trace id, over the trimmed range copied as bytes: no substring, no regex.
    int begin = skipOws(traceId, 0, traceId.length());
    int end = trimOwsEnd(traceId, begin, traceId.length());
    long high;
    long low;
    switch (end - begin) {
      case 32: // 0af7651916cd43dd8448eb211c80319c
        // An array of constant size per case, filled once: the JIT keeps such arrays off the heap.
        byte[] id = new byte[32];
        if (!Hex.copyAscii(traceId, begin, 32, id)) {
          return malformed("trace id is not hex", traceId);
        }
        long h1 = Hex.parse(id, 0, 8, true);
        long h2 = Hex.parse(id, 8, 8, true);
        long l1 = Hex.parse(id, 16, 8, true);
        long l2 = Hex.parse(id, 24, 8, true);
        if ((h1 | h2 | l1 | l2) < 0) return malformed("trace id is not hex", traceId);
        high = (h1 << 32) | h2;
        low = (l1 << 32) | l2;
        break;
      case UUID_LENGTH: // 0af76519-16cd-43dd-8448-eb211c80319c, as crypto.randomUUID() makes them
        long a = -1L;
        long b = -1L;
        long c = -1L;
        long d = -1L;
        long e = -1L;
        byte[] uuid = new byte[UUID_LENGTH];
        if (Hex.copyAscii(traceId, begin, UUID_LENGTH, uuid)) {
          a = Hex.parse(uuid, 0, 8, true);
          b = Hex.parse(uuid, 9, 4, true);
          c = Hex.parse(uuid, 14, 4, true);
          d = Hex.parse(uuid, 19, 4, true);
          e = Hex.parse(uuid, 24, 12, true);
        }
        if ((a | b | c | d | e) < 0 || uuid[8] != '-' || uuid[13] != '-' || uuid[18] != '-'
            || uuid[23] != '-') {
          return malformed("trace id is neither 32 hex characters nor a UUID", traceId);
        }
        high = (a << 32) | (b << 16) | c;
        low = (d << 48) | e;
        break;
      case 16: // a 64-bit id from an older peer: the high half is zero
        byte[] shortId = new byte[16];
        if (!Hex.copyAscii(traceId, begin, 16, shortId)) {
          return malformed("trace id is not hex", traceId);
        }
        long s1 = Hex.parse(shortId, 0, 8, true);
        long s2 = Hex.parse(shortId, 8, 8, true);
        if ((s1 | s2) < 0) return malformed("trace id is not hex", traceId);
        high = 0L;
        low = (s1 << 32) | s2;
        break;
      default:
        return malformed("trace id is not 32 or 16 hex characters or a UUID", traceId);
    }
    if (high == 0L && low == 0L) return malformed("trace id is all zero", traceId);

    begin = skipOws(parentId, 0, parentId.length());
    end = trimOwsEnd(parentId, begin, parentId.length());
    long p1 = -1L;
    long p2 = -1L;
    byte[] parent = new byte[16];
    if (end - begin == 16 && Hex.copyAscii(parentId, begin, 16, parent)) {
      p1 = Hex.parse(parent, 0, 8, true);
      p2 = Hex.parse(parent, 8, 8, true);
    }
    if ((p1 | p2) < 0) return malformed("parent span id is not 16 hex characters", parentId);
    long spanId = (p1 << 32) | p2;
    if (spanId == 0L) return malformed("parent span id is all zero", parentId);

    // The SDK only sends these headers for traces it records: there is no sampling header.
    return JstVerifySpanContext.of(high, low, spanId, JstVerifySpanContext.FLAG_SAMPLED, null, null);
  }

  @Override
  public String toString() {
    return "JstVerifyHeaders";
  }

  /**
   * Whether the pair names, character for character, the trace id and span id of the {@code
   * traceparent} that came with it: what a tracer like this one sends. Comparing text is cheaper
   * than parsing the pair; a traceparent that is valid then proves the pair valid too.
   */
  static boolean sameSpanAsTraceparent(Getter getter) {
    String traceId = getter.get(TRACE_ID_FIELD);
    String parentId = getter.get(PARENT_SPAN_ID_FIELD);
    String traceparent = getter.get(W3CTraceContext.TRACEPARENT);
    // indexOf from the id's place, not regionMatches: the JDK searches with vector
    // instructions, where regionMatches compares a byte at a time (less than half the cost here).
    return traceId != null
        && parentId != null
        && traceparent != null
        && traceId.length() == 32
        && parentId.length() == 16
        && traceparent.length() == W3CTraceContext.TRACEPARENT_LENGTH
        && traceparent.indexOf(traceId, 3) == 3
        && traceparent.indexOf(parentId, 36) == 36;
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
