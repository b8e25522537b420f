package com.jstverify.tracing.propagation;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpanContext;
import java.util.Arrays;
import java.util.Collections;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every traceparent and tracestate case of the W3C Trace Context Level 2 specification and its
 * test suite (w3c/trace-context test/test.py), as a table: headers in, exact context out.
 */
class W3CTraceContextTest {
  // The ids the W3C test suite uses.
  static final String TRACE_ID = "12345678901234567890123456789012";
  static final String SPAN_ID = "1234567890123456";
  static final String SAMPLED = "00-" + TRACE_ID + "-" + SPAN_ID + "-01";
  static final String NOT_SAMPLED = "00-" + TRACE_ID + "-" + SPAN_ID + "-00";

  final W3CTraceContext propagator = new W3CTraceContext();

  /** What a row expects: null for "no context", else the exact ids, flags and tracestate. */
  static final class Expected {
    final String traceId;
    final String spanId;
    final int flags;
    final String traceState;

    Expected(String traceId, String spanId, int flags, String traceState) {
      this.traceId = traceId;
      this.spanId = spanId;
      this.flags = flags;
      this.traceState = traceState;
    }

    @Override
    public String toString() {
      return traceId + "/" + spanId + " flags=" + flags + " tracestate=" + traceState;
    }
  }

  static final Expected INVALID = null;

  static Expected ok(int flags) {
    return new Expected(TRACE_ID, SPAN_ID, flags, null);
  }

  /** A valid not-sampled traceparent carrying {@code traceState} (null: dropped or absent). */
  static Expected state(String traceState) {
    return new Expected(TRACE_ID, SPAN_ID, 0, traceState);
  }

  static Arguments row(String name, String[] headers, Expected expected) {
    return Arguments.of(name, headers, expected);
  }

  static String[] h(String... namesAndValues) {
    return namesAndValues;
  }

  /** A valid traceparent followed by these tracestate headers, one header each. */
  static String[] ts(String... tracestates) {
    String[] headers = new String[2 + 2 * tracestates.length];
    headers[0] = "traceparent";
    headers[1] = NOT_SAMPLED;
    for (int i = 0; i < tracestates.length; i++) {
      headers[2 + 2 * i] = "tracestate";
      headers[3 + 2 * i] = tracestates[i];
    }
    return headers;
  }

  static String tp(String version, String traceId, String spanId, String flags) {
    return version + "-" + traceId + "-" + spanId + "-" + flags;
  }

  static String repeat(char c, int n) {
    char[] chars = new char[n];
    Arrays.fill(chars, c);
    return new String(chars);
  }

  static String members(int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i <= to; i++) {
      if (b.length() > 0) b.append(',');
      String n = i < 10 ? "0" + i : String.valueOf(i);
      b.append("bar").append(n).append('=').append(n);
    }
    return b.toString();
  }

  // Every character the current grammar allows.
  static final String KEY_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_-*/";
  static final String KEY_WITH_AT = KEY_CHARS + "@a-z0-9_-*/";
  static final String VALUE_CHARS;

  static {
    StringBuilder b = new StringBuilder();
    for (char c = 0x20; c <= 0x7e; c++) if (c != ',' && c != '=') b.append(c);
    VALUE_CHARS = b.toString();
  }

  static Stream<Arguments> traceparentCases() {
    return Stream.of(
        // Valid version 00, and what each flag bit does.
        row("sampled", h("traceparent", SAMPLED), ok(0x01)),
        row("not sampled", h("traceparent", NOT_SAMPLED), ok(0x00)),
        row("random trace id flag", h("traceparent", tp("00", TRACE_ID, SPAN_ID, "02")), ok(0x02)),
        row("sampled and random", h("traceparent", tp("00", TRACE_ID, SPAN_ID, "03")), ok(0x03)),
        row("unknown flag bits are not forwarded",
            h("traceparent", tp("00", TRACE_ID, SPAN_ID, "ff")), ok(0x03)),
        row("unknown flag bit alone", h("traceparent", tp("00", TRACE_ID, SPAN_ID, "04")), ok(0x00)),
        row("sampled with an unknown bit",
            h("traceparent", tp("00", TRACE_ID, SPAN_ID, "09")), ok(0x01)),
        row("spec example",
            h("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
            new Expected("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", 1, null)),
        row("all-f ids are valid",
            h("traceparent", tp("00", repeat('f', 32), repeat('f', 16), "01")),
            new Expected(repeat('f', 32), repeat('f', 16), 1, null)),
        row("trace id with zero high half is valid",
            h("traceparent", tp("00", repeat('0', 31) + "1", "0000000000000001", "01")),
            new Expected(repeat('0', 31) + "1", "0000000000000001", 1, null)),

        // Header name: case-insensitive, but exactly "traceparent".
        row("name TraceParent", h("TraceParent", SAMPLED), ok(1)),
        row("name TrAcEpArEnT", h("TrAcEpArEnT", SAMPLED), ok(1)),
        row("name TRACEPARENT", h("TRACEPARENT", SAMPLED), ok(1)),
        row("name trace-parent", h("trace-parent", SAMPLED), INVALID),
        row("name trace.parent", h("trace.parent", SAMPLED), INVALID),
        row("no headers", h(), INVALID),

        // Exactly one traceparent.
        row("duplicated, different",
            h("traceparent", tp("00", "12345678901234567890123456789011", SPAN_ID, "01"),
                "traceparent", SAMPLED),
            INVALID),
        row("duplicated, identical", h("traceparent", SAMPLED, "traceparent", SAMPLED), INVALID),
        // Joined, these two would still parse as one future-version header: only the count tells.
        row("duplicated, future version with extra data",
            h("traceparent", tp("cc", TRACE_ID, SPAN_ID, "01") + "-x",
                "traceparent", tp("cc", TRACE_ID, SPAN_ID, "01") + "-x"),
            INVALID),

        // Version.
        row("version ff is forbidden", h("traceparent", tp("ff", TRACE_ID, SPAN_ID, "01")), INVALID),
        row("version 00 with a trailing dot", h("traceparent", SAMPLED + "."), INVALID),
        row("version 00 with extra data",
            h("traceparent", SAMPLED + "-what-the-future-will-be-like"), INVALID),
        row("version 00 with a trailing dash", h("traceparent", SAMPLED + "-"), INVALID),
        row("future version cc", h("traceparent", tp("cc", TRACE_ID, SPAN_ID, "01")), ok(1)),
        row("future version cc with extra data",
            h("traceparent", tp("cc", TRACE_ID, SPAN_ID, "01") + "-what-the-future-will-be-like"),
            ok(1)),
        row("future version cc with a trailing dash",
            h("traceparent", tp("cc", TRACE_ID, SPAN_ID, "01") + "-"), ok(1)),
        row("future version cc, extra data without a dash",
            h("traceparent", tp("cc", TRACE_ID, SPAN_ID, "01") + ".what-the-future-will-be-like"),
            INVALID),
        row("future version 01 keeps sampled and random",
            h("traceparent", tp("01", TRACE_ID, SPAN_ID, "ff") + "-xx"), ok(3)),
        row("future version fe", h("traceparent", tp("fe", TRACE_ID, SPAN_ID, "00")), ok(0)),
        row("future version shorter than 55",
            h("traceparent", "cc-" + TRACE_ID + "-" + SPAN_ID + "-1"), INVALID),
        row("future version with upper-case trace id",
            h("traceparent", tp("cc", TRACE_ID.replace('1', 'A').replace('2', 'B'), SPAN_ID, "01")),
            INVALID),
        row("version .0", h("traceparent", tp(".0", TRACE_ID, SPAN_ID, "01")), INVALID),
        row("version 0.", h("traceparent", tp("0.", TRACE_ID, SPAN_ID, "01")), INVALID),
        row("version 000", h("traceparent", tp("000", TRACE_ID, SPAN_ID, "01")), INVALID),
        row("version 0000", h("traceparent", tp("0000", TRACE_ID, SPAN_ID, "01")), INVALID),
        row("version 0", h("traceparent", tp("0", TRACE_ID, SPAN_ID, "01")), INVALID),
        row("version upper-case CC", h("traceparent", tp("CC", TRACE_ID, SPAN_ID, "01")), INVALID),
        row("version upper-case FF", h("traceparent", tp("FF", TRACE_ID, SPAN_ID, "01")), INVALID),

        // Trace id.
        row("trace id all zero", h("traceparent", tp("00", repeat('0', 32), SPAN_ID, "01")), INVALID),
        row("trace id upper case",
            h("traceparent", tp("00", "4BF92F3577B34DA6A3CE929D0E0E4736", SPAN_ID, "01")), INVALID),
        row("trace id one upper-case char",
            h("traceparent", tp("00", "4bf92f3577b34da6a3ce929d0e0e473A", SPAN_ID, "01")), INVALID),
        row("trace id leading dot",
            h("traceparent", tp("00", ".2345678901234567890123456789012", SPAN_ID, "01")), INVALID),
        row("trace id trailing dot",
            h("traceparent", tp("00", "1234567890123456789012345678901.", SPAN_ID, "01")), INVALID),
        row("trace id non-hex letter",
            h("traceparent", tp("00", "g2345678901234567890123456789012", SPAN_ID, "01")), INVALID),
        row("trace id too long",
            h("traceparent", tp("00", TRACE_ID + "3", SPAN_ID, "01")), INVALID),
        row("trace id too short",
            h("traceparent", tp("00", TRACE_ID.substring(1), SPAN_ID, "01")), INVALID),
        row("trace id of arabic-indic digits",
            h("traceparent", tp("00", repeat('\u0661', 32), SPAN_ID, "01")), INVALID),
        // Ids are read as bytes: a char whose low byte is a hex digit or a dash must not pass.
        row("trace id with U+0130, whose low byte is '0'",
            h("traceparent", tp("00", "\u0130" + TRACE_ID.substring(1), SPAN_ID, "01")), INVALID),
        row("parent id with U+0161, whose low byte is 'a'",
            h("traceparent", tp("00", TRACE_ID, "\u0161" + SPAN_ID.substring(1), "01")), INVALID),
        row("version with U+0130",
            h("traceparent", tp("0\u0130", TRACE_ID, SPAN_ID, "01")), INVALID),
        row("flags with U+0131, whose low byte is '1'",
            h("traceparent", tp("00", TRACE_ID, SPAN_ID, "0\u0131")), INVALID),
        row("dash as U+012D, whose low byte is '-'",
            h("traceparent", "00\u012d" + TRACE_ID + "-" + SPAN_ID + "-01"), INVALID),
        row("trace id with a space inside",
            h("traceparent", tp("00", "1234567890123456 890123456789012", SPAN_ID, "01")), INVALID),

        // Parent id.
        row("parent id all zero", h("traceparent", tp("00", TRACE_ID, repeat('0', 16), "01")), INVALID),
        row("parent id upper case",
            h("traceparent", tp("00", TRACE_ID, "00F067AA0BA902B7", "01")), INVALID),
        row("parent id leading dot",
            h("traceparent", tp("00", TRACE_ID, ".234567890123456", "01")), INVALID),
        row("parent id trailing dot",
            h("traceparent", tp("00", TRACE_ID, "123456789012345.", "01")), INVALID),
        row("parent id too long", h("traceparent", tp("00", TRACE_ID, SPAN_ID + "7", "01")), INVALID),
        row("parent id too short",
            h("traceparent", tp("00", TRACE_ID, SPAN_ID.substring(1), "01")), INVALID),

        // Flags.
        row("flags .0", h("traceparent", tp("00", TRACE_ID, SPAN_ID, ".0")), INVALID),
        row("flags 0.", h("traceparent", tp("00", TRACE_ID, SPAN_ID, "0.")), INVALID),
        row("flags too long", h("traceparent", tp("00", TRACE_ID, SPAN_ID, "001")), INVALID),
        row("flags too short", h("traceparent", tp("00", TRACE_ID, SPAN_ID, "1")), INVALID),
        row("flags upper case", h("traceparent", tp("00", TRACE_ID, SPAN_ID, "0A")), INVALID),
        row("flags missing", h("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + "-"), INVALID),

        // Delimiters.
        row("underscores for dashes", h("traceparent", SAMPLED.replace('-', '_')), INVALID),
        row("no dashes", h("traceparent", SAMPLED.replace("-", "")), INVALID),
        row("first dash missing",
            h("traceparent", "00" + TRACE_ID + "-" + SPAN_ID + "-01-"), INVALID),
        row("second dash a space",
            h("traceparent", "00-" + TRACE_ID + " " + SPAN_ID + "-01"), INVALID),
        row("third dash a dot", h("traceparent", "00-" + TRACE_ID + "-" + SPAN_ID + ".01"), INVALID),
        row("fields shifted",
            h("traceparent", "00--" + TRACE_ID + "-" + SPAN_ID.substring(1) + "-01"), INVALID),
        row("empty value", h("traceparent", ""), INVALID),
        row("whitespace only", h("traceparent", " \t "), INVALID),

        // Optional whitespace around the value.
        row("leading space", h("traceparent", " " + SAMPLED), ok(1)),
        row("leading tab", h("traceparent", "\t" + SAMPLED), ok(1)),
        row("trailing space", h("traceparent", SAMPLED + " "), ok(1)),
        row("trailing tab", h("traceparent", SAMPLED + "\t"), ok(1)),
        row("both sides", h("traceparent", "\t " + SAMPLED + " \t"), ok(1)),
        row("newline is not whitespace here", h("traceparent", SAMPLED + "\n"), INVALID));
  }

  static Stream<Arguments> tracestateCases() {
    String key256 = repeat('z', 256);
    String key257 = repeat('z', 257);
    String tenant241Vendor14 = repeat('t', 241) + "@" + repeat('v', 14);
    String tenant242Vendor1 = repeat('t', 242) + "@v";
    String tenant1Vendor15 = "t@" + repeat('v', 15);
    String value256 = repeat('v', 256);
    return Stream.of(
        row("traceparent and tracestate", ts("foo=1,bar=2"), state("foo=1,bar=2")),
        row("spec example",
            ts("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"),
            state("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE")),
        row("no tracestate", ts(), state(null)),
        row("tracestate without traceparent", h("tracestate", "foo=1"), INVALID),
        row("tracestate with an invalid traceparent",
            h("traceparent", tp("ff", TRACE_ID, SPAN_ID, "01"), "tracestate", "foo=1"), INVALID),
        row("flags and tracestate together",
            h("traceparent", SAMPLED, "tracestate", "foo=1"),
            new Expected(TRACE_ID, SPAN_ID, 1, "foo=1")),

        // Header name.
        row("name TraceState", h("traceparent", NOT_SAMPLED, "TraceState", "foo=1"), state("foo=1")),
        row("name TrAcEsTaTe", h("traceparent", NOT_SAMPLED, "TrAcEsTaTe", "foo=1"), state("foo=1")),
        row("name TRACESTATE", h("traceparent", NOT_SAMPLED, "TRACESTATE", "foo=1"), state("foo=1")),
        row("name trace-state", h("traceparent", NOT_SAMPLED, "trace-state", "foo=1"), state(null)),
        row("name trace.state", h("traceparent", NOT_SAMPLED, "trace.state", "foo=1"), state(null)),

        // Empty headers and members.
        row("empty header", ts(""), state(null)),
        row("whitespace-only header", ts(" \t "), state(null)),
        row("only empty members", ts(", ,\t,"), state(null)),
        row("member then empty header", ts("foo=1", ""), state("foo=1")),
        row("empty header then member", ts("", "foo=1"), state("foo=1")),
        row("empty members between", ts("foo=1,,, ,bar=2,"), state("foo=1,bar=2")),
        row("leading comma", ts(",foo=1"), state("foo=1")),

        // Repeated headers are joined in order.
        row("three headers in order",
            ts("foo=1,bar=2", "rojo=1,congo=2", "baz=3"),
            state("foo=1,bar=2,rojo=1,congo=2,baz=3")),

        // Duplicate keys: the spec lets us discard them; the left-most is the most recent.
        row("duplicate key, same value", ts("foo=1,foo=1"), state("foo=1")),
        row("duplicate key, other value", ts("foo=1,foo=2"), state("foo=1")),
        row("duplicate key across headers", ts("foo=1", "foo=2"), state("foo=1")),
        row("duplicate key, member between", ts("foo=1,bar=2,foo=3"), state("foo=1,bar=2")),
        row("key that is a prefix is no duplicate", ts("foo=1,fo=2,foob=3"),
            state("foo=1,fo=2,foob=3")),

        // Allowed characters.
        row("every key and value character",
            ts(KEY_CHARS + "=" + VALUE_CHARS), state(KEY_CHARS + "=" + VALUE_CHARS)),
        row("every character, key with @",
            ts(KEY_WITH_AT + "=" + VALUE_CHARS), state(KEY_WITH_AT + "=" + VALUE_CHARS)),
        row("key starting with a digit", ts("1foo=bar"), state("1foo=bar")),
        row("value with a leading space kept", ts("foo= 1"), state("foo= 1")),
        row("value with inner spaces", ts("foo=a b  c"), state("foo=a b  c")),

        // Optional whitespace around members.
        row("spaces and tabs around commas",
            ts("foo=1 \t , \t bar=2, \t baz=3"), state("foo=1,bar=2,baz=3")),
        row("tabs and spaces around commas",
            ts("foo=1\t \t,\t \tbar=2,\t \tbaz=3"), state("foo=1,bar=2,baz=3")),
        row("leading space", ts(" foo=1"), state("foo=1")),
        row("leading tab", ts("\tfoo=1"), state("foo=1")),
        row("trailing space", ts("foo=1 "), state("foo=1")),
        row("trailing tab", ts("foo=1\t"), state("foo=1")),
        row("both sides", ts("\t foo=1 \t"), state("foo=1")),

        // Invalid keys drop the whole tracestate, never the traceparent.
        row("space before =", ts("foo =1"), state(null)),
        row("upper-case key", ts("FOO=1"), state(null)),
        row("dot in key", ts("foo.bar=1"), state(null)),
        row("key starting with _", ts("_foo=1"), state(null)),
        row("empty key", ts("=1"), state(null)),
        row("member without =", ts("foo=1,bar"), state(null)),
        row("invalid member after valid ones", ts("foo=1", "bar=2,BAZ=3"), state(null)),
        row("non-ASCII key", ts("föo=1"), state(null)),

        // Multi-tenant keys: the current grammar only asks for a leading letter or digit.
        row("tenant@vendor", ts("tenant@vendor=v,bar=2"), state("tenant@vendor=v,bar=2")),
        row("trailing @", ts("foo@=1,bar=2"), state("foo@=1,bar=2")),
        row("leading @", ts("@foo=1,bar=2"), state(null)),
        row("double @", ts("foo@@bar=1,bar=2"), state("foo@@bar=1,bar=2")),
        row("two @", ts("foo@bar@baz=1,bar=2"), state("foo@bar@baz=1,bar=2")),
        row("tenant 241 and vendor 14 characters",
            ts("foo=1", tenant241Vendor14 + "=1"), state("foo=1," + tenant241Vendor14 + "=1")),
        row("tenant 242 characters (no longer limited)",
            ts("foo=1", tenant242Vendor1 + "=1"), state("foo=1," + tenant242Vendor1 + "=1")),
        row("vendor 15 characters (no longer limited)",
            ts("foo=1", tenant1Vendor15 + "=1"), state("foo=1," + tenant1Vendor15 + "=1")),

        // Lengths.
        row("key of 256 characters", ts("foo=1", key256 + "=1"), state("foo=1," + key256 + "=1")),
        row("key of 257 characters", ts("foo=1", key257 + "=1"), state(null)),
        row("value of 256 characters", ts("foo=" + value256), state("foo=" + value256)),
        row("value of 257 characters", ts("foo=" + value256 + "v"), state(null)),

        // Invalid values.
        row("= in value", ts("foo=bar=baz"), state(null)),
        row("empty value", ts("foo=,bar=3"), state(null)),
        row("tab inside value", ts("foo=a\tb"), state(null)),
        row("control character in value", ts("foo=a\u0001b"), state(null)),
        row("DEL in value", ts("foo=a\u007fb"), state(null)),
        row("non-ASCII value", ts("foo=é"), state(null)),

        // Member count.
        row("32 members over four headers",
            ts(members(1, 10), members(11, 20), members(21, 30), members(31, 32)),
            state(members(1, 32))),
        row("33 members over four headers",
            ts(members(1, 10), members(11, 20), members(21, 30), members(31, 33)), state(null)),
        row("32 members and empty ones", ts(members(1, 16) + ",,", " , " + members(17, 32)),
            state(members(1, 32))),
        row("33 members in one header", ts(members(1, 33)), state(null)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({"traceparentCases", "tracestateCases"})
  void extract(String name, String[] headers, Expected expected) {
    FakeHeaders carrier = FakeHeaders.of(headers);

    JstVerifySpanContext context = propagator.extract(carrier);

    if (expected == null) {
      assertNull(context, () -> "expected no context for " + carrier);
      return;
    }
    assertNotNull(context, () -> "expected a context for " + carrier);
    assertAll(
        () -> assertEquals(expected.traceId, context.toTraceId(), "trace id"),
        () -> assertEquals(expected.spanId, context.toSpanId(), "parent id"),
        () -> assertEquals(expected.flags, context.flags(), "flags"),
        () -> assertEquals(expected.traceState, context.traceState(), "tracestate"),
        () -> assertTrue(context.baggage().isEmpty(), "baggage"));
  }

  @Test
  void extract_normalizedTracestate_isTheReceivedStringItself() {
    String traceState = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";

    JstVerifySpanContext context =
        propagator.extract(FakeHeaders.of("traceparent", SAMPLED, "tracestate", traceState));

    assertSame(traceState, context.traceState());
  }

  @Test
  void extract_hugeTracestate_isDroppedWithoutLosingTheTraceparent() {
    String traceState = "foo=1" + repeat(' ', W3CTraceContext.MAX_TRACESTATE_LENGTH) + ",bar=2";

    JstVerifySpanContext context =
        propagator.extract(FakeHeaders.of("traceparent", SAMPLED, "tracestate", traceState));

    assertEquals(TRACE_ID, context.toTraceId());
    assertNull(context.traceState());
  }

  @Test
  void fields_areTraceparentAndTracestate() {
    assertEquals(Arrays.asList("traceparent", "tracestate"), propagator.fields());
  }

  @Test
  void inject_writesVersion00WithSampledAndRandomFlagsOnly() {
    JstVerifySpanContext context =
        JstVerifySpanContext.of(
            0x4bf92f3577b34da6L, 0xa3ce929d0e0e4736L, 0x00f067aa0ba902b7L, 0xff, null, null);
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(context, headers);

    assertEquals(Collections.singletonList("traceparent"), headers.names());
    assertEquals(
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", headers.get("traceparent"));
  }

  @Test
  void inject_notSampled_writesFlags00() {
    JstVerifySpanContext context = JstVerifySpanContext.of(0L, 1L, 2L, 0, null, null);
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(context, headers);

    assertEquals(
        "00-00000000000000000000000000000001-0000000000000002-00", headers.get("traceparent"));
  }

  @Test
  void inject_tracestate_isForwardedAsReceived() {
    JstVerifySpanContext context =
        JstVerifySpanContext.of(1L, 1L, 1L, 1, null, "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(context, headers);

    assertEquals(Arrays.asList("traceparent", "tracestate"), headers.names());
    assertEquals("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE", headers.get("tracestate"));
  }

  @Test
  void inject_baggageOnlyContext_writesNothing() {
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(JstVerifySpanContext.baggageOnly(Collections.singletonMap("k", "v")), headers);

    assertTrue(headers.isEmpty());
  }

  @Test
  void injectThenExtract_keepsIdsFlagsAndTracestate() {
    JstVerifySpanContext context =
        JstVerifySpanContext.of(-1L, 42L, -7L, JstVerifySpanContext.FLAG_RANDOM, null, "a=b");
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(context, headers);
    JstVerifySpanContext extracted = propagator.extract(headers);

    assertEquals(context, extracted);
    assertEquals(JstVerifySpanContext.FLAG_RANDOM, extracted.flags());
    assertEquals("a=b", extracted.traceState());
  }
}
