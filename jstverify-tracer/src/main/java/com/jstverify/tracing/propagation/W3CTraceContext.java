package com.jstverify.tracing.propagation;

import com.jstverify.tracing.JstVerifySpanContext;
import com.jstverify.tracing.internal.Hex;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads and writes the W3C Trace Context Level 2 headers {@code traceparent} and
 * {@code tracestate}, validating them as strictly as the specification and its test suite do.
 *
 * <pre>{@code
 * // traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01
 * // tracestate: rojo=00f067aa0ba902b7,congo=t61rcWkgMzE
 * JstVerifySpanContext parent = new W3CTraceContext().extract(getter);
 * parent.traceState(); // "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"
 * }</pre>
 */
public final class W3CTraceContext implements Propagator {
  static final String TRACEPARENT = "traceparent";
  static final String TRACESTATE = "tracestate";

  /** {@code 00-<32 hex>-<16 hex>-<2 hex>}: the exact length of a version 00 header. */
  static final int TRACEPARENT_LENGTH = 55;
  /** W3C Trace Context Level 2 limits. */
  static final int MAX_MEMBERS = 32;
  static final int MAX_KEY_LENGTH = 256;
  static final int MAX_VALUE_LENGTH = 256;
  /**
   * 32 members of the longest key and value take 16,447 characters; the rest of this bound is
   * room for whitespace and empty members. It keeps a hostile header from costing more than a
   * bounded scan.
   */
  static final int MAX_TRACESTATE_LENGTH = 32 * 1024;

  /** The flags this version defines; others are reserved and must be sent as zero. */
  private static final int KNOWN_FLAGS =
      JstVerifySpanContext.FLAG_SAMPLED | JstVerifySpanContext.FLAG_RANDOM;

  private static final List<String> FIELDS =
      Collections.unmodifiableList(Arrays.asList(TRACEPARENT, TRACESTATE));
  private static final Logger LOG = Logger.getLogger(W3CTraceContext.class.getName());

  @Override
  public List<String> fields() {
    return FIELDS;
  }

  @Override
  public void inject(JstVerifySpanContext context, Setter setter) {
    if (!context.hasIds()) return; // a baggage-only context has nothing to continue
    setter.set(TRACEPARENT, context.toTraceparent()); // cached, like the hex ids
    String traceState = context.traceState();
    if (traceState != null) setter.set(TRACESTATE, traceState);
  }

  @Override
  public JstVerifySpanContext extract(Getter getter) {
    String value = getter.get(TRACEPARENT);
    if (value == null) return null; // absent is normal: no log
    // Two traceparents cannot both be the caller: the spec says restart the trace.
    if (getter.count(TRACEPARENT) > 1) return malformed("more than one traceparent header", value);

    // The test suite sends leading and trailing OWS and expects it to be accepted.
    int begin = 0;
    int end = value.length();
    while (begin < end && HeaderText.isOws(value.charAt(begin))) begin++;
    while (end > begin && HeaderText.isOws(value.charAt(end - 1))) end--;
    int length = end - begin;

    if (length < TRACEPARENT_LENGTH) return malformed("traceparent is too short", value);
    // The fields this version defines, as bytes: the ids are parsed from there.
    byte[] b = new byte[TRACEPARENT_LENGTH];
    if (!Hex.copyAscii(value, begin, TRACEPARENT_LENGTH, b)) {
      return malformed("traceparent has a character that is not ASCII", value);
    }
    long version = Hex.parse(b, 0, 2, false);
    if (version < 0 || b[2] != '-') {
      return malformed("traceparent version is not 2 lower-case hex characters", value);
    }
    if (version == 0xff) return malformed("traceparent version ff is forbidden", value);
    if (version == 0 && length != TRACEPARENT_LENGTH) {
      return malformed("traceparent version 00 must be 55 characters", value);
    }
    // A later version may append fields; what we know how to read must still end in a dash.
    if (length > TRACEPARENT_LENGTH && value.charAt(begin + TRACEPARENT_LENGTH) != '-') {
      return malformed("traceparent flags are not followed by a dash", value);
    }
    long h1 = Hex.parse(b, 3, 8, false);
    long h2 = Hex.parse(b, 11, 8, false);
    long l1 = Hex.parse(b, 19, 8, false);
    long l2 = Hex.parse(b, 27, 8, false);
    if ((h1 | h2 | l1 | l2) < 0 || b[35] != '-') {
      return malformed("traceparent trace id is not 32 lower-case hex characters", value);
    }
    long s1 = Hex.parse(b, 36, 8, false);
    long s2 = Hex.parse(b, 44, 8, false);
    if ((s1 | s2) < 0 || b[52] != '-') {
      return malformed("traceparent parent id is not 16 lower-case hex characters", value);
    }
    int flags = (int) Hex.parse(b, 53, 2, false);
    if (flags < 0) return malformed("traceparent flags are not 2 lower-case hex characters", value);

    long high = (h1 << 32) | h2;
    long low = (l1 << 32) | l2;
    if (high == 0L && low == 0L) return malformed("traceparent trace id is all zero", value);
    long spanId = (s1 << 32) | s2;
    if (spanId == 0L) return malformed("traceparent parent id is all zero", value);

    String traceState = null;
    String rawTraceState = getter.get(TRACESTATE);
    if (rawTraceState != null) traceState = normalizeTraceState(rawTraceState);
    return JstVerifySpanContext.of(high, low, spanId, flags & KNOWN_FLAGS, null, traceState);
  }

  @Override
  public String toString() {
    return "W3CTraceContext";
  }

  /**
   * The {@code tracestate} to forward: its valid members joined by {@code ","} without
   * whitespace or empty members. {@code null} when it is empty, has an invalid member, has more
   * than 32 members or is longer than {@link #MAX_TRACESTATE_LENGTH}: the spec drops the whole
   * header then, never part of it. A later member with the key of an earlier one is dropped, as
   * the spec allows: the left-most is the most recently updated.
   *
   * <p>Returns {@code joined} itself when it is already in that form, which is the usual case.
   */
  static String normalizeTraceState(String joined) {
    if (joined.length() > MAX_TRACESTATE_LENGTH) {
      logInvalid("longer than " + MAX_TRACESTATE_LENGTH + " characters", joined);
      return null;
    }
    int result = scanTraceState(joined, null);
    if (result == INVALID || result == EMPTY) return null;
    if (result == CLEAN) return joined;
    StringBuilder out = new StringBuilder(joined.length());
    scanTraceState(joined, out);
    return out.toString();
  }

  private static final int INVALID = -1;
  private static final int EMPTY = 0;
  private static final int CLEAN = 1;
  private static final int NEEDS_REBUILD = 2;

  /**
   * Validates {@code s} member by member, by index. When {@code out} is not null, appends the
   * members to keep. Returns {@link #INVALID}, {@link #EMPTY}, {@link #CLEAN} (the input is
   * already normalized) or {@link #NEEDS_REBUILD}.
   */
  private static int scanTraceState(String s, StringBuilder out) {
    int length = s.length();
    int members = 0;
    int kept = 0;
    boolean clean = true;
    // One bit per key hash: exact key comparisons happen only when two hashes share a bit.
    long seenKeys = 0L;
    int pos = 0;
    while (pos <= length) {
      int comma = s.indexOf(',', pos);
      int memberEnd = comma < 0 ? length : comma;
      int begin = pos;
      int end = memberEnd;
      while (begin < end && HeaderText.isOws(s.charAt(begin))) begin++;
      while (end > begin && HeaderText.isOws(s.charAt(end - 1))) end--;
      if (begin == end) { // an empty member, as left by joining an empty header: skip it
        clean = false;
        pos = memberEnd + 1;
        continue;
      }
      if (begin != pos || end != memberEnd) clean = false; // whitespace around the member
      pos = memberEnd + 1;
      if (++members > MAX_MEMBERS) return logInvalid("more than 32 members", s);

      int equals = keyEnd(s, begin, end);
      if (equals < 0) return logInvalid("invalid key", s);
      if (!isValidValue(s, equals + 1, end)) return logInvalid("invalid value", s);

      int hash = 0;
      for (int i = begin; i < equals; i++) hash = 31 * hash + s.charAt(i);
      long bit = 1L << (hash & 63);
      if ((seenKeys & bit) != 0 && keyAppearsBefore(s, begin, equals)) {
        clean = false; // a duplicate key: keep the first one only
        continue;
      }
      seenKeys |= bit;
      if (out != null) {
        if (kept > 0) out.append(',');
        out.append(s, begin, end);
      }
      kept++;
    }
    if (kept == 0) return EMPTY;
    return clean ? CLEAN : NEEDS_REBUILD;
  }

  /**
   * The index of the {@code '='} ending a valid key that starts at {@code begin}, or -1. Key:
   * {@code [a-z0-9][a-z0-9_\-*}{@code /@]{0,255}}, the current W3C grammar.
   */
  private static int keyEnd(String s, int begin, int end) {
    char first = s.charAt(begin);
    if (!((first >= 'a' && first <= 'z') || (first >= '0' && first <= '9'))) return -1;
    int limit = Math.min(end, begin + MAX_KEY_LENGTH);
    for (int i = begin + 1; i < limit; i++) {
      char c = s.charAt(i);
      if (c == '=') return i;
      if (!isKeyChar(c)) return -1;
    }
    // Either the member ended before an '=' or the key is longer than 256 characters.
    return limit < end && s.charAt(limit) == '=' ? limit : -1;
  }

  private static boolean isKeyChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-'
        || c == '*'
        || c == '/'
        || c == '@';
  }

  /**
   * Value: 1 to 256 printable ASCII characters except {@code ','} and {@code '='}, not ending in
   * a space (trailing spaces were trimmed as whitespace around the member already).
   */
  private static boolean isValidValue(String s, int begin, int end) {
    int length = end - begin;
    if (length < 1 || length > MAX_VALUE_LENGTH) return false;
    for (int i = begin; i < end; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c > 0x7e || c == ',' || c == '=') return false;
    }
    return s.charAt(end - 1) != ' ';
  }

  /** Whether the key {@code s[keyBegin, keyEnd)} is the key of a member before it. */
  private static boolean keyAppearsBefore(String s, int keyBegin, int keyEnd) {
    int keyLength = keyEnd - keyBegin;
    int pos = 0;
    // Members before keyBegin were all valid, so splitting on ',' finds exactly their keys.
    while (pos < keyBegin) {
      int comma = s.indexOf(',', pos);
      if (comma < 0 || comma > keyBegin) comma = keyBegin;
      int begin = pos;
      while (begin < comma && HeaderText.isOws(s.charAt(begin))) begin++;
      if (begin < comma
          && begin + keyLength < comma
          && s.charAt(begin + keyLength) == '='
          && s.regionMatches(begin, s, keyBegin, keyLength)) {
        return true;
      }
      pos = comma + 1;
    }
    return false;
  }

  private static JstVerifySpanContext malformed(String why, String value) {
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine("Ignoring traceparent and tracestate: " + why + ": " + HeaderText.logSafe(value));
    }
    return null;
  }

  private static int logInvalid(String why, String value) {
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine("Dropping tracestate, keeping traceparent: " + why + ": " + HeaderText.logSafe(value));
    }
    return INVALID;
  }

}
