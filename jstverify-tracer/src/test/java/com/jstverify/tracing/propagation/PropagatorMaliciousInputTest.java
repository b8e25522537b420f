package com.jstverify.tracing.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.jstverify.tracing.JstVerifySpanContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile headers against every propagator: nothing may throw, and whatever comes back is either
 * null or exactly what a second, regex-based reading of the same headers (the {@link Oracle})
 * says the headers carry. Never a wrong parent.
 */
class PropagatorMaliciousInputTest {
  static final String TRACE_A = "0af7651916cd43dd8448eb211c80319c";
  static final String SPAN_A = "00f067aa0ba902b7";
  static final String TRACE_B = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN_B = "b7ad6b7169203331";

  static final String ONE_MB_A = repeat("a", 1 << 20);

  static String repeat(String s, int n) {
    StringBuilder b = new StringBuilder(s.length() * n);
    for (int i = 0; i < n; i++) b.append(s);
    return b.toString();
  }

  static String members(String prefix, String value, int n) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < n; i++) b.append(i == 0 ? "" : ",").append(prefix).append(i).append('=').append(value);
    return b.toString();
  }

  static String allControlCharacters() {
    StringBuilder b = new StringBuilder();
    for (char c = 0; c < 0x20; c++) b.append(c);
    return b.append('\u007f').toString();
  }

  /** Name, value, how many times the header is repeated. */
  static List<Object[]> maliciousValues() {
    return Arrays.asList(
        new Object[] {"null value", null, 1},
        new Object[] {"null value twice", null, 2},
        new Object[] {"empty", "", 1},
        new Object[] {"empty twice", "", 2},
        new Object[] {"space", " ", 1},
        new Object[] {"tabs", "\t\t", 1},
        new Object[] {"1 MB of a", ONE_MB_A, 1},
        new Object[] {"1 MB of 0", repeat("0", 1 << 20), 1},
        new Object[] {"1 MB of f", repeat("f", 1 << 20), 1},
        new Object[] {"1 MB of commas", repeat(",", 1 << 20), 1},
        new Object[] {"1 MB of spaces", repeat(" ", 1 << 20), 1},
        new Object[] {"1 MB of dashes", repeat("-", 1 << 20), 1},
        new Object[] {"1 MB of =", repeat("=", 1 << 20), 1},
        new Object[] {"1 MB of %", repeat("%", 1 << 20), 1},
        new Object[] {"1 MB value", "k=" + ONE_MB_A, 1},
        new Object[] {"1 MB key", ONE_MB_A + "=1", 1},
        new Object[] {"100k escapes", "k=" + repeat("%41", 100_000), 1},
        new Object[] {"10,000 members", members("k", "v", 10_000), 1},
        new Object[] {"10,000 lower-case members", members("a", "1", 10_000), 1},
        new Object[] {"10,000 empty members", repeat(",", 10_000), 1},
        new Object[] {"10,000 whitespace members", repeat(" \t,", 10_000), 1},
        new Object[] {"a member repeated 1000 times", "k=v", 1000},
        new Object[] {"same key 10,000 times", repeat("k=v,", 10_000), 1},
        new Object[] {"NUL", "\u0000", 1},
        new Object[] {"CRLF", "\r\n", 1},
        new Object[] {"header injection", "x\r\nX-Injected: 1", 1},
        new Object[] {"control characters", allControlCharacters(), 1},
        new Object[] {"latin-1", "ü=ü", 1},
        new Object[] {"CJK", "日本語=日本語", 1},
        new Object[] {"emoji", "\uD83D\uDE00=\uD83D\uDE00", 1},
        new Object[] {"lone high surrogate", "k=\uD800", 1},
        new Object[] {"lone low surrogate", "\uDC00", 1},
        new Object[] {"reversed surrogate pair", "\uDE00\uD83D", 1},
        new Object[] {"percent at end", "k=v%", 1},
        new Object[] {"percent alone", "%", 1},
        new Object[] {"percent and one digit", "k=%E", 1},
        new Object[] {"percent and non-hex", "k=%ZZ", 1},
        new Object[] {"truncated UTF-8", "k=%C3", 1},
        new Object[] {"encoded surrogate", "k=%ED%A0%80", 1},
        new Object[] {"overlong UTF-8", "k=%C0%AF", 1},
        new Object[] {"separators", "=,;-", 1},
        new Object[] {"55 dashes", repeat("-", 55), 1},
        new Object[] {"55 f", repeat("f", 55), 1},
        new Object[] {"ff version shape", "ff" + repeat("-", 53), 1},
        new Object[] {"fullwidth digits", "00-" + repeat("１", 32) + "-" + repeat("１", 16) + "-01", 1},
        new Object[] {"arabic-indic digits", repeat("\u0661", 32), 1},
        new Object[] {"unicode hyphens in a UUID", "0af76519\u201016cd\u201043dd\u20108448\u2010eb211c80319c", 1},
        new Object[] {"traceparent with NUL after", "00-" + TRACE_B + "-" + SPAN_B + "-01\u0000", 1},
        new Object[] {"traceparent with unicode after",
            "cc-" + TRACE_B + "-" + SPAN_B + "-01-\uD800\u0000", 1},
        new Object[] {"traceparent twice", "00-" + TRACE_B + "-" + SPAN_B + "-01", 2},
        new Object[] {"100k key tracestate", repeat("a", 100_000) + "=1", 1},
        new Object[] {"JSON", "{\"traceId\":\"" + TRACE_A + "\"}", 1},
        new Object[] {"words", "null", 1},
        new Object[] {"undefined", "undefined", 1});
  }

  static List<Propagator> propagators() {
    return Arrays.asList(
        new JstVerifyHeaders(),
        new W3CTraceContext(),
        new W3CBaggage(),
        CompositePropagator.defaults());
  }

  static Stream<Arguments> maliciousCases() {
    List<Arguments> cases = new ArrayList<>();
    for (Propagator propagator : propagators()) {
      for (Object[] value : maliciousValues()) {
        cases.add(Arguments.of(propagator, value[0], value[1], value[2]));
      }
    }
    return cases.stream();
  }

  /** Valid headers of two different traces, each field of which the test then spoils. */
  static FakeHeaders baseline() {
    return FakeHeaders.of(
        "X-JstVerify-Trace-Id", TRACE_A,
        "X-JstVerify-Parent-Span-Id", SPAN_A,
        "traceparent", "00-" + TRACE_B + "-" + SPAN_B + "-01",
        "tracestate", "rojo=1,congo=2",
        "baggage", "tenant=acme");
  }

  static FakeHeaders with(FakeHeaders base, String field, String value, int repeats) {
    FakeHeaders headers = new FakeHeaders();
    for (Map.Entry<String, String> e : base.asMap().entrySet()) {
      if (!e.getKey().equalsIgnoreCase(field)) headers.add(e.getKey(), e.getValue());
    }
    for (int i = 0; i < repeats; i++) headers.add(field, value);
    return headers;
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("maliciousCases")
  void extract_maliciousValue_neverThrowsAndReturnsNullOrWhatTheHeadersSay(
      Propagator propagator, String name, String value, int repeats) {
    // Every field at once,
    FakeHeaders everyField = new FakeHeaders();
    for (String field : propagator.fields()) {
      for (int i = 0; i < repeats; i++) everyField.add(field, value);
    }
    check(propagator, everyField);

    for (String field : propagator.fields()) {
      // each field alone,
      check(propagator, with(new FakeHeaders(), field, value, repeats));
      // and each field spoiled among valid others.
      check(propagator, with(baseline(), field, value, repeats));
    }
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("maliciousCases")
  void inject_maliciousBaggage_neverThrowsAndStaysWithinLimits(
      Propagator propagator, String name, String value, int repeats) {
    Map<String, String> baggage = new HashMap<>();
    baggage.put("k", value == null ? "" : value);
    if (value != null) baggage.put(value, "v"); // the value as a key, too
    for (int i = 0; i < repeats; i++) baggage.put("item" + i, value == null ? "x" : value);
    JstVerifySpanContext context = JstVerifySpanContext.of(1L, 2L, 3L, 0xff, baggage, null);
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(context, headers);

    String sent = headers.get("baggage");
    if (sent != null) {
      assertTrue(sent.length() <= W3CBaggage.MAX_LENGTH, "baggage header too long");
      for (int i = 0; i < sent.length(); i++) {
        char c = sent.charAt(i);
        assertTrue(c > 0x20 && c < 0x7f && c != ';' && c != '"' && c != '\\', "sent " + (int) c);
      }
      // What we send, we (and any W3C peer) can read back.
      JstVerifySpanContext back = new W3CBaggage().extract(FakeHeaders.of("baggage", sent));
      assertTrue(back != null && !back.baggage().isEmpty());
      for (Map.Entry<String, String> item : back.baggage().entrySet()) {
        String original = baggage.get(item.getKey());
        assertTrue(original != null, "invented key " + item.getKey());
        if (isWellFormedUtf16(original)) assertEquals(original, item.getValue());
      }
    }
  }

  static boolean isWellFormedUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void extract_thousandsOfRandomHeaderMaps_neverThrowAndNeverInventAParent() {
    CompositePropagator composite = CompositePropagator.defaults();
    Random random = new Random(20240601L); // fixed: a failure reproduces
    int withIds = 0;
    int fromJstVerify = 0;
    int fromTraceparent = 0;
    int withTraceState = 0;
    int iterations = 20_000;
    for (int i = 0; i < iterations; i++) {
      FakeHeaders headers = randomHeaders(random);
      JstVerifySpanContext context;
      try {
        context = composite.extract(headers);
      } catch (RuntimeException e) {
        throw new AssertionError("iteration " + i + " threw for " + escape(headers.toString()), e);
      }
      Want want = Oracle.composite(headers);
      assertMatches(want, context, headers);
      if (want != null) {
        withIds++;
        if (Oracle.jstVerify(headers) != null) fromJstVerify++;
        else fromTraceparent++;
        if (want.traceState != null) withTraceState++;
      }
    }
    // The generator must reach the interesting paths, or the test proves nothing.
    assertTrue(withIds > iterations / 10, "contexts: " + withIds);
    assertTrue(fromJstVerify > iterations / 50, "from JstVerify: " + fromJstVerify);
    assertTrue(fromTraceparent > iterations / 50, "from traceparent: " + fromTraceparent);
    assertTrue(withTraceState > iterations / 100, "with tracestate: " + withTraceState);
  }

  // Checking results.

  static void check(Propagator propagator, FakeHeaders headers) {
    JstVerifySpanContext context;
    try {
      context = propagator.extract(headers);
    } catch (RuntimeException e) {
      throw new AssertionError(propagator + " threw", e);
    }
    Want want;
    if (propagator instanceof JstVerifyHeaders) {
      want = Oracle.jstVerify(headers);
    } else if (propagator instanceof W3CTraceContext) {
      want = Oracle.traceContext(headers);
    } else if (propagator instanceof W3CBaggage) {
      want = null;
    } else {
      want = Oracle.composite(headers);
    }
    assertMatches(want, context, headers);
  }

  static void assertMatches(Want want, JstVerifySpanContext context, FakeHeaders headers) {
    boolean hasIds = context != null && context.hasIds();
    if (want == null) {
      if (hasIds) fail("invented " + context + " from " + escape(headers.toString()));
    } else {
      if (!hasIds) fail("lost " + want + " from " + escape(headers.toString()));
      Want got =
          new Want(context.toTraceId(), context.toSpanId(), context.flags(), context.traceState());
      if (!want.equals(got)) {
        fail("expected " + want + " but got " + got + " from " + escape(headers.toString()));
      }
    }
    if (context != null) {
      assertTrue(context.hasIds() || !context.baggage().isEmpty(), "empty baggage-only context");
      assertTrue(context.baggage().size() <= W3CBaggage.MAX_MEMBERS, "too much baggage");
      for (Map.Entry<String, String> item : context.baggage().entrySet()) {
        assertTrue(Oracle.TOKEN.matcher(item.getKey()).matches(), "baggage key " + item.getKey());
        assertTrue(item.getValue() != null);
      }
    }
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder();
    int max = Math.min(s.length(), 300);
    for (int i = 0; i < max; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c < 0x7f) b.append(c);
      else b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
    }
    return s.length() > max ? b.append("...").toString() : b.toString();
  }

  static final class Want {
    final String traceId;
    final String spanId;
    final int flags;
    final String traceState;

    Want(String traceId, String spanId, int flags, String traceState) {
      this.traceId = traceId;
      this.spanId = spanId;
      this.flags = flags;
      this.traceState = traceState;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Want)) return false;
      Want w = (Want) o;
      return traceId.equals(w.traceId)
          && spanId.equals(w.spanId)
          && flags == w.flags
          && java.util.Objects.equals(traceState, w.traceState);
    }

    @Override
    public int hashCode() {
      return traceId.hashCode();
    }

    @Override
    public String toString() {
      return traceId + "/" + spanId + " flags=" + flags + " tracestate=" + traceState;
    }
  }

  /**
   * A second reading of wire-format.md section 1, written with regular expressions so that it
   * shares no code with the propagators under test.
   */
  static final class Oracle {
    static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");
    static final Pattern UUID =
        Pattern.compile("([0-9a-fA-F]{8})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{4})-([0-9a-fA-F]{12})");
    static final Pattern HEX16 = Pattern.compile("[0-9a-fA-F]{16}");
    static final Pattern TRACEPARENT =
        Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?", Pattern.DOTALL);
    static final Pattern MEMBER =
        Pattern.compile(
            "([a-z0-9][a-z0-9_\\-*/@]{0,255})=[\\x20-\\x2b\\x2d-\\x3c\\x3e-\\x7e]{0,255}[\\x21-\\x2b\\x2d-\\x3c\\x3e-\\x7e]");
    static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");

    static String strip(String s) {
      int begin = 0;
      int end = s.length();
      while (begin < end && (s.charAt(begin) == ' ' || s.charAt(begin) == '\t')) begin++;
      while (end > begin && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t')) end--;
      return s.substring(begin, end);
    }

    static boolean allZero(String hex) {
      return hex.matches("0+");
    }

    static Want jstVerify(FakeHeaders h) {
      String t = h.get("x-jstverify-trace-id");
      String p = h.get("x-jstverify-parent-span-id");
      if (t == null || p == null) return null;
      t = strip(t);
      p = strip(p);
      String traceId;
      Matcher uuid = UUID.matcher(t);
      if (HEX32.matcher(t).matches()) traceId = t;
      else if (uuid.matches()) traceId = t.replace("-", "");
      else if (HEX16.matcher(t).matches()) traceId = "0000000000000000" + t;
      else return null;
      traceId = traceId.toLowerCase(Locale.ROOT);
      if (allZero(traceId)) return null;
      if (!HEX16.matcher(p).matches() || allZero(p)) return null;
      return new Want(traceId, p.toLowerCase(Locale.ROOT), JstVerifySpanContext.FLAG_SAMPLED, null);
    }

    static Want traceContext(FakeHeaders h) {
      if (h.count("traceparent") != 1) return null;
      String v = h.get("traceparent");
      if (v == null) return null;
      Matcher m = TRACEPARENT.matcher(strip(v));
      if (!m.matches()) return null;
      if (m.group(1).equals("ff")) return null;
      if (m.group(1).equals("00") && m.group(5) != null) return null;
      if (allZero(m.group(2)) || allZero(m.group(3))) return null;
      int flags = Integer.parseInt(m.group(4), 16) & 0x03;
      String ts = h.get("tracestate");
      return new Want(m.group(2), m.group(3), flags, ts == null ? null : traceState(ts));
    }

    static String traceState(String joined) {
      if (joined.length() > W3CTraceContext.MAX_TRACESTATE_LENGTH) return null;
      Set<String> keys = new LinkedHashSet<>();
      List<String> kept = new ArrayList<>();
      int count = 0;
      for (String raw : joined.split(",", -1)) {
        String member = strip(raw);
        if (member.isEmpty()) continue;
        if (++count > 32) return null;
        Matcher m = MEMBER.matcher(member);
        if (!m.matches()) return null;
        if (keys.add(m.group(1))) kept.add(member);
      }
      return kept.isEmpty() ? null : String.join(",", kept);
    }

    static Want composite(FakeHeaders h) {
      Want jst = jstVerify(h);
      Want w3c = traceContext(h);
      if (jst == null) return w3c;
      if (w3c != null && w3c.traceId.equals(jst.traceId)) {
        return new Want(jst.traceId, jst.spanId, w3c.flags, w3c.traceState);
      }
      return jst;
    }
  }

  // Random headers: mostly near-valid, so that the parsers' edges get exercised.

  static final String HEX = "0123456789abcdef";
  static final String[] NOISE = {
    "", " ", "\t", "-", ",", "=", ";", "%", "@", "0", "f", "F", "g", "\u0000", "\r\n", "é",
    "\uD800", "\uDC00", "\uD83D\uDE00", "１", "\u0661", "ff", "00", "-01", "zz=1", "a", "A", "/"
  };

  static FakeHeaders randomHeaders(Random r) {
    FakeHeaders h = new FakeHeaders();
    String traceId = randomHex(r, 32);
    String sharedTrace = r.nextInt(3) == 0 ? traceId : randomHex(r, 32);
    if (r.nextInt(3) > 0) {
      add(h, r, "X-JstVerify-Trace-Id", maybeMutate(r, jstTraceId(r, traceId)));
      if (r.nextInt(8) > 0) {
        add(h, r, "X-JstVerify-Parent-Span-Id", maybeMutate(r, randomCase(r, randomHex(r, 16))));
      }
    }
    if (r.nextInt(3) > 0) add(h, r, "traceparent", maybeMutate(r, traceparent(r, sharedTrace)));
    if (r.nextInt(2) > 0) add(h, r, "tracestate", maybeMutate(r, tracestate(r)));
    if (r.nextInt(2) > 0) add(h, r, "baggage", maybeMutate(r, baggage(r)));
    if (r.nextInt(10) == 0) add(h, r, "x-other", garbage(r));
    return h;
  }

  static void add(FakeHeaders h, Random r, String name, String value) {
    String spelled = r.nextInt(4) == 0 ? randomCase(r, name) : name;
    h.add(spelled, value);
    if (r.nextInt(20) == 0) h.add(name, r.nextBoolean() ? value : garbage(r)); // repeated
  }

  static String jstTraceId(Random r, String traceId) {
    switch (r.nextInt(5)) {
      case 0:
        return traceId.substring(0, 8) + "-" + traceId.substring(8, 12) + "-"
            + traceId.substring(12, 16) + "-" + traceId.substring(16, 20) + "-"
            + traceId.substring(20);
      case 1:
        return randomCase(r, traceId);
      case 2:
        return traceId.substring(16);
      case 3:
        return r.nextBoolean() ? " " + traceId + "\t" : traceId;
      default:
        return traceId;
    }
  }

  static String traceparent(Random r, String traceId) {
    String[] versions = {"00", "00", "00", "00", "01", "cc", "fe", "ff"};
    String version = versions[r.nextInt(versions.length)];
    String value =
        version + "-" + traceId + "-" + randomHex(r, 16) + "-" + HEX.charAt(r.nextInt(16))
            + HEX.charAt(r.nextInt(16));
    if (r.nextInt(4) == 0) value += r.nextBoolean() ? "-future" : ".x";
    if (r.nextInt(8) == 0) value = " " + value + " ";
    if (r.nextInt(50) == 0) value = version + "-" + repeat("0", 32) + "-" + randomHex(r, 16) + "-01";
    return value;
  }

  static String tracestate(Random r) {
    StringBuilder b = new StringBuilder();
    int n = r.nextInt(40) == 0 ? 30 + r.nextInt(5) : r.nextInt(5);
    String[] keys = {"rojo", "congo", "a", "t@v", "x*y/z", "1a", "k-_", "dup", "dup"};
    for (int i = 0; i < n; i++) {
      if (i > 0) b.append(r.nextInt(5) == 0 ? " , " : ",");
      String key = n > 9 ? "k" + i : keys[r.nextInt(keys.length)];
      b.append(key).append('=').append(r.nextBoolean() ? randomHex(r, 8) : "v " + i);
    }
    return b.toString();
  }

  static String baggage(Random r) {
    StringBuilder b = new StringBuilder();
    String[] members = {"tenant=acme", "user=Am%C3%A9lie", "k = v ;p=1", "bad key=1", "x=%", "e="};
    for (int i = r.nextInt(4); i >= 0; i--) {
      if (b.length() > 0) b.append(',');
      b.append(members[r.nextInt(members.length)]);
    }
    return b.toString();
  }

  static String maybeMutate(Random r, String value) {
    if (r.nextInt(3) > 0) return value;
    StringBuilder b = new StringBuilder(value);
    for (int i = 1 + r.nextInt(2); i > 0; i--) {
      int at = b.length() == 0 ? 0 : r.nextInt(b.length());
      switch (r.nextInt(4)) {
        case 0: // replace
          if (b.length() > 0) b.replace(at, at + 1, NOISE[r.nextInt(NOISE.length)]);
          break;
        case 1: // insert
          b.insert(at, NOISE[r.nextInt(NOISE.length)]);
          break;
        case 2: // delete
          if (b.length() > 0) b.deleteCharAt(at);
          break;
        default: // upper-case one character
          if (b.length() > 0) b.setCharAt(at, Character.toUpperCase(b.charAt(at)));
      }
    }
    return b.toString();
  }

  static String garbage(Random r) {
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(80); i > 0; i--) {
      b.append(r.nextInt(4) == 0 ? (char) r.nextInt(0x10000) : NOISE[r.nextInt(NOISE.length)]);
    }
    return b.toString();
  }

  static String randomHex(Random r, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) chars[i] = HEX.charAt(r.nextInt(16));
    return new String(chars);
  }

  static String randomCase(Random r, String s) {
    char[] chars = s.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      if (r.nextBoolean()) chars[i] = Character.toUpperCase(chars[i]);
    }
    return new String(chars);
  }

  @Test
  void oracle_agreesWithTheSpecExamples() {
    // The oracle is only useful if it is right: spot-check it against hand-written answers.
    assertEquals(
        new Want(TRACE_A, SPAN_A, 1, null),
        Oracle.jstVerify(FakeHeaders.of("x-jstverify-trace-id", " 0AF76519-16CD-43DD-8448-EB211C80319C",
            "x-jstverify-parent-span-id", SPAN_A)));
    assertEquals(null, Oracle.traceContext(FakeHeaders.of("traceparent", "ff-" + TRACE_B + "-" + SPAN_B + "-01")));
    assertEquals(
        new Want(TRACE_B, SPAN_B, 3, "a=1"),
        Oracle.traceContext(FakeHeaders.of("traceparent", "cc-" + TRACE_B + "-" + SPAN_B + "-ff-x",
            "tracestate", " a=1 ,a=2,")));
    assertFalse(Oracle.TOKEN.matcher("a b").matches());
  }
}
