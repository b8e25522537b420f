package com.jstverify.tracing;

import com.jstverify.tracing.internal.Hex;
import io.opentracing.SpanContext;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The propagated part of a span: a 128-bit trace id, a 64-bit span id, the trace flags
 * (sampled, and W3C Level 2's random-trace-id), the baggage, and the W3C {@code tracestate}
 * received from upstream. Immutable: setting a baggage item on a span gives it a new context.
 *
 * <p>Ids are kept as {@code long}s; {@link #toTraceId()} and {@link #toSpanId()} make their
 * lower-case hex form on first use and cache it.
 *
 * <pre>{@code
 * JstVerifySpanContext ctx = (JstVerifySpanContext) span.context();
 * String traceId = ctx.toTraceId(); // "0af7651916cd43dd8448eb211c80319c"
 * }</pre>
 */
public final class JstVerifySpanContext implements SpanContext {
  /** W3C trace flag: the caller may have recorded the trace. */
  public static final int FLAG_SAMPLED = 0x01;
  /** W3C Trace Context Level 2 flag: the rightmost 7 bytes of the trace id are random. */
  public static final int FLAG_RANDOM = 0x02;

  private static final Map<String, String> NO_BAGGAGE = Collections.emptyMap();
  /** The end of a traceparent, by the flags it carries (only the two version 00 defines). */
  private static final String[] FLAGS_SUFFIX = {"-00", "-01", "-02", "-03"};

  private final long traceIdHigh;
  private final long traceIdLow;
  private final long spanId;
  private final int flags;
  private final Map<String, String> baggage;
  private final String traceState;
  // The id of the first span of this trace in this process (0 for a context from a carrier):
  // spans that share it were made while serving the same request.
  private final long localRootId;

  // Racy single-check caches: String is immutable, so a duplicate computation is harmless.
  private String traceIdHex;
  private String spanIdHex;
  private String traceparent;

  private JstVerifySpanContext(
      long traceIdHigh,
      long traceIdLow,
      long spanId,
      int flags,
      Map<String, String> baggage,
      String traceState,
      long localRootId) {
    this.traceIdHigh = traceIdHigh;
    this.traceIdLow = traceIdLow;
    this.spanId = spanId;
    this.flags = flags & 0xff;
    this.baggage = baggage;
    this.traceState = traceState;
    this.localRootId = localRootId;
  }

  /**
   * A context with the given ids. The trace id must not be all zero and the span id must not be
   * zero; propagators check this before calling.
   *
   * @param flags W3C trace flags ({@link #FLAG_SAMPLED}, {@link #FLAG_RANDOM})
   * @param baggage baggage items, copied; {@code null} for none
   * @param traceState the W3C {@code tracestate} to forward, already validated; {@code null} for
   *     none
   * @throws IllegalArgumentException when an id is zero
   */
  public static JstVerifySpanContext of(
      long traceIdHigh,
      long traceIdLow,
      long spanId,
      int flags,
      Map<String, String> baggage,
      String traceState) {
    if (traceIdHigh == 0L && traceIdLow == 0L) {
      throw new IllegalArgumentException("trace id is all zero");
    }
    if (spanId == 0L) throw new IllegalArgumentException("span id is zero");
    return new JstVerifySpanContext(
        traceIdHigh, traceIdLow, spanId, flags, copyOf(baggage), emptyToNull(traceState), 0L);
  }

  /**
   * A context that carries baggage only: what a propagator returns when a request has a
   * {@code baggage} header but no trace ids. A span started as its child begins a new trace
   * that keeps the baggage.
   */
  public static JstVerifySpanContext baggageOnly(Map<String, String> baggage) {
    return new JstVerifySpanContext(0L, 0L, 0L, FLAG_SAMPLED, copyOf(baggage), null, 0L);
  }

  /** Package-private fast path for the tracer: the baggage map is already immutable. */
  static JstVerifySpanContext create(
      long traceIdHigh,
      long traceIdLow,
      long spanId,
      int flags,
      Map<String, String> immutableBaggage,
      String traceState,
      long localRootId) {
    return new JstVerifySpanContext(
        traceIdHigh, traceIdLow, spanId, flags, immutableBaggage, traceState, localRootId);
  }

  /** High 64 bits of the trace id (zero for a 64-bit id from an older peer). */
  public long traceIdHigh() {
    return traceIdHigh;
  }

  /** Low 64 bits of the trace id. */
  public long traceIdLow() {
    return traceIdLow;
  }

  /** The span id; zero only on a {@linkplain #baggageOnly baggage-only} context. */
  public long spanId() {
    return spanId;
  }

  /** W3C trace flags. */
  public int flags() {
    return flags;
  }

  /** Whether spans of this trace are reported (the W3C sampled flag). */
  public boolean isSampled() {
    return (flags & FLAG_SAMPLED) != 0;
  }

  /** False on a {@linkplain #baggageOnly baggage-only} context. */
  public boolean hasIds() {
    return spanId != 0L;
  }

  /**
   * The id of the first span of this trace started in this process, or 0 for a context that
   * came from a carrier. Spans sharing it belong to the same local unit of work (a request).
   */
  public long localRootId() {
    return localRootId;
  }

  /** The validated W3C {@code tracestate} received from upstream, or {@code null}. */
  public String traceState() {
    return traceState;
  }

  /** The baggage as an unmodifiable map (empty when there is none). */
  public Map<String, String> baggage() {
    return baggage;
  }

  /** One baggage item, or {@code null}. */
  public String getBaggageItem(String key) {
    return key == null ? null : baggage.get(key);
  }

  /** 32 lower-case hex characters. */
  @Override
  public String toTraceId() {
    String s = traceIdHex;
    if (s == null) traceIdHex = s = Hex.toHex32(traceIdHigh, traceIdLow);
    return s;
  }

  /** 16 lower-case hex characters. */
  @Override
  public String toSpanId() {
    String s = spanIdHex;
    if (s == null) spanIdHex = s = Hex.toHex16(spanId);
    return s;
  }

  /**
   * This context as a W3C {@code traceparent} header value, {@code
   * 00-<trace id>-<span id>-<flags>} (only the flags version 00 defines), made on first use and
   * cached; {@code null} on a {@linkplain #baggageOnly baggage-only} context.
   */
  public String toTraceparent() {
    if (!hasIds()) return null;
    String s = traceparent;
    if (s == null) {
      // One concatenation of the cached ids (which inject writes anyway): the JDK sizes it
      // exactly, one array, where building it char by char took two more.
      String flagsSuffix = FLAGS_SUFFIX[flags & (FLAG_SAMPLED | FLAG_RANDOM)];
      traceparent = s = "00-" + toTraceId() + "-" + toSpanId() + flagsSuffix;
    }
    return s;
  }

  @Override
  public Iterable<Map.Entry<String, String>> baggageItems() {
    return baggage.entrySet();
  }

  /** A copy with one baggage item set (or removed, when {@code value} is null). */
  JstVerifySpanContext withBaggageItem(String key, String value) {
    Map<String, String> copy = new HashMap<>(baggage);
    if (value == null) {
      copy.remove(key);
    } else {
      copy.put(key, value);
    }
    return new JstVerifySpanContext(
        traceIdHigh,
        traceIdLow,
        spanId,
        flags,
        Collections.unmodifiableMap(copy),
        traceState,
        localRootId);
  }

  /** A copy with other baggage, keeping ids, flags and trace state. */
  public JstVerifySpanContext withBaggage(Map<String, String> newBaggage) {
    return new JstVerifySpanContext(
        traceIdHigh, traceIdLow, spanId, flags, copyOf(newBaggage), traceState, localRootId);
  }

  /** A copy with another trace state (validated by the caller), keeping everything else. */
  public JstVerifySpanContext withTraceState(String newTraceState) {
    return new JstVerifySpanContext(
        traceIdHigh, traceIdLow, spanId, flags, baggage, emptyToNull(newTraceState), localRootId);
  }

  /** A copy with other trace flags, keeping everything else. */
  public JstVerifySpanContext withFlags(int newFlags) {
    return new JstVerifySpanContext(
        traceIdHigh, traceIdLow, spanId, newFlags, baggage, traceState, localRootId);
  }

  /** Whether {@code other} has the same 128-bit trace id. */
  public boolean sameTrace(JstVerifySpanContext other) {
    return other != null && other.traceIdHigh == traceIdHigh && other.traceIdLow == traceIdLow;
  }

  @Override
  public boolean equals(Object o) {
    if (o == this) return true;
    if (!(o instanceof JstVerifySpanContext)) return false;
    JstVerifySpanContext that = (JstVerifySpanContext) o;
    return traceIdHigh == that.traceIdHigh
        && traceIdLow == that.traceIdLow
        && spanId == that.spanId;
  }

  @Override
  public int hashCode() {
    long h = traceIdHigh ^ traceIdLow ^ spanId;
    return (int) (h ^ (h >>> 32));
  }

  @Override
  public String toString() {
    return hasIds() ? toTraceId() + "/" + toSpanId() : "baggage-only" + baggage.keySet();
  }

  private static Map<String, String> copyOf(Map<String, String> baggage) {
    if (baggage == null || baggage.isEmpty()) return NO_BAGGAGE;
    Map<String, String> copy = new HashMap<>(baggage.size() * 2);
    for (Map.Entry<String, String> e : baggage.entrySet()) {
      if (e.getKey() != null && e.getValue() != null) copy.put(e.getKey(), e.getValue());
    }
    return Collections.unmodifiableMap(copy);
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
