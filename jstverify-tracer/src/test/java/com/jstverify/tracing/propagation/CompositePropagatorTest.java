package com.jstverify.tracing.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpanContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompositePropagatorTest {
  // The browser SDK's pair and a W3C peer's traceparent, for the same trace or another one.
  static final String JST_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String JST_TRACE_UUID = "0AF76519-16CD-43DD-8448-EB211C80319C";
  static final String JST_SPAN_ID = "00f067aa0ba902b7";
  static final String W3C_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String W3C_SPAN_ID = "b7ad6b7169203331";
  static final String TRACEPARENT_OTHER_TRACE = "00-" + W3C_TRACE_ID + "-" + W3C_SPAN_ID + "-01";
  static final String TRACEPARENT_SAME_TRACE_NOT_SAMPLED =
      "00-" + JST_TRACE_ID + "-" + W3C_SPAN_ID + "-02";

  final CompositePropagator propagator = CompositePropagator.defaults();

  static Map<String, String> map(String... keysAndValues) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) map.put(keysAndValues[i], keysAndValues[i + 1]);
    return map;
  }

  /** A propagator that returns a fixed context, to test the merge rules alone. */
  static Propagator returning(JstVerifySpanContext context) {
    return new Propagator() {
      @Override
      public List<String> fields() {
        return Collections.singletonList("x-fixed");
      }

      @Override
      public void inject(JstVerifySpanContext c, Setter setter) {}

      @Override
      public JstVerifySpanContext extract(Getter getter) {
        return context;
      }
    };
  }

  /** A propagator that throws an exception or, with {@code error}, an AssertionError. */
  static Propagator throwing(boolean error) {
    return new Propagator() {
      @Override
      public List<String> fields() {
        return Collections.singletonList("x-throwing");
      }

      @Override
      public void inject(JstVerifySpanContext context, Setter setter) {
        if (error) throw new AssertionError("inject assert");
        throw new IllegalStateException("inject bug");
      }

      @Override
      public JstVerifySpanContext extract(Getter getter) {
        if (error) throw new AssertionError("extract assert");
        throw new IllegalStateException("extract bug");
      }
    };
  }

  @Test
  void defaults_areJstVerifyThenW3CThenBaggage() {
    List<Class<?>> types = new ArrayList<>();
    for (Propagator p : propagator.propagators()) types.add(p.getClass());

    assertEquals(
        Arrays.asList(JstVerifyHeaders.class, W3CTraceContext.class, W3CBaggage.class), types);
    assertEquals(
        Arrays.asList(
            "x-jstverify-trace-id", "x-jstverify-parent-span-id", "traceparent", "tracestate",
            "baggage"),
        propagator.fields());
  }

  @Test
  void fields_areTheUnionInOrderWithoutDuplicates() {
    CompositePropagator composite =
        CompositePropagator.of(new W3CBaggage(), new W3CTraceContext(), new W3CBaggage());

    assertEquals(Arrays.asList("baggage", "traceparent", "tracestate"), composite.fields());
  }

  @Test
  void of_flattensNestedComposites() {
    CompositePropagator composite =
        CompositePropagator.of(CompositePropagator.of(new W3CTraceContext()), new W3CBaggage());

    assertEquals(2, composite.propagators().size());
  }

  @Test
  void of_nullElement_throws() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> CompositePropagator.of(new W3CBaggage(), null));
    assertEquals("propagators[1] == null", e.getMessage());
  }

  // Precedence (wire-format.md section 1).

  @Test
  void extract_bothDisagree_jstVerifyPairWinsAndTheW3CTracestateIsDropped() {
    FakeHeaders headers =
        FakeHeaders.of(
            "X-JstVerify-Trace-Id", JST_TRACE_ID,
            "X-JstVerify-Parent-Span-Id", JST_SPAN_ID,
            "traceparent", TRACEPARENT_OTHER_TRACE,
            "tracestate", "rojo=00f067aa0ba902b7");

    JstVerifySpanContext context = propagator.extract(headers);

    assertEquals(JST_TRACE_ID, context.toTraceId());
    assertEquals(JST_SPAN_ID, context.toSpanId());
    assertEquals(JstVerifySpanContext.FLAG_SAMPLED, context.flags());
    assertNull(context.traceState());
  }

  @Test
  void extract_bothSameTrace_jstVerifyParentWithW3CFlagsAndTracestate() {
    FakeHeaders headers =
        FakeHeaders.of(
            "X-JstVerify-Trace-Id", JST_TRACE_UUID, // same trace, other spelling
            "X-JstVerify-Parent-Span-Id", JST_SPAN_ID,
            "traceparent", TRACEPARENT_SAME_TRACE_NOT_SAMPLED,
            "tracestate", "rojo=00f067aa0ba902b7");

    JstVerifySpanContext context = propagator.extract(headers);

    assertEquals(JST_TRACE_ID, context.toTraceId());
    assertEquals(JST_SPAN_ID, context.toSpanId());
    assertEquals(JstVerifySpanContext.FLAG_RANDOM, context.flags());
    assertFalse(context.isSampled());
    assertEquals("rojo=00f067aa0ba902b7", context.traceState());
  }

  @Test
  void extract_bothSameSpan_asATracerLikeThisOneSendsThem_isTheTraceparentsContext() {
    String traceparent = "00-" + JST_TRACE_ID + "-" + JST_SPAN_ID + "-03";
    FakeHeaders headers =
        FakeHeaders.of(
            "X-JstVerify-Trace-Id", JST_TRACE_ID,
            "X-JstVerify-Parent-Span-Id", JST_SPAN_ID,
            "traceparent", traceparent,
            "tracestate", "rojo=00f067aa0ba902b7",
            "baggage", "tenant=acme");

    JstVerifySpanContext context = propagator.extract(headers);

    assertEquals(JST_TRACE_ID, context.toTraceId());
    assertEquals(JST_SPAN_ID, context.toSpanId());
    assertEquals(JstVerifySpanContext.FLAG_SAMPLED | JstVerifySpanContext.FLAG_RANDOM, context.flags());
    assertEquals("rojo=00f067aa0ba902b7", context.traceState());
    assertEquals(Map.of("tenant", "acme"), context.baggage());
  }

  @Test
  void extract_sameIdsButTraceparentMalformedElsewhere_thePairStillCounts() {
    // Same ids as the pair, but a version W3C forbids: the pair alone is the parent.
    FakeHeaders headers =
        FakeHeaders.of(
            "X-JstVerify-Trace-Id", JST_TRACE_ID,
            "X-JstVerify-Parent-Span-Id", JST_SPAN_ID,
            "traceparent", "ff-" + JST_TRACE_ID + "-" + JST_SPAN_ID + "-01");

    JstVerifySpanContext context = propagator.extract(headers);

    assertEquals(JST_TRACE_ID, context.toTraceId());
    assertEquals(JST_SPAN_ID, context.toSpanId());
    assertEquals(JstVerifySpanContext.FLAG_SAMPLED, context.flags());
  }

  @Test
  void extract_malformedJstVerifyPair_traceparentWinsWithItsTracestate() {
    FakeHeaders headers =
        FakeHeaders.of(
            "X-JstVerify-Trace-Id", "not-a-trace-id",
            "X-JstVerify-Parent-Span-Id", JST_SPAN_ID,
            "traceparent", TRACEPARENT_OTHER_TRACE,
            "tracestate", "rojo=1");

    JstVerifySpanContext context = propagator.extract(headers);

    assertEquals(W3C_TRACE_ID, context.toTraceId());
    assertEquals(W3C_SPAN_ID, context.toSpanId());
    assertEquals(JstVerifySpanContext.FLAG_SAMPLED, context.flags());
    assertEquals("rojo=1", context.traceState());
  }

  @Test
  void extract_halfAJstVerifyPair_traceparentWins() {
    FakeHeaders headers =
        FakeHeaders.of("X-JstVerify-Trace-Id", JST_TRACE_ID, "traceparent", TRACEPARENT_OTHER_TRACE);

    assertEquals(W3C_SPAN_ID, propagator.extract(headers).toSpanId());
  }

  @Test
  void extract_onlyJstVerifyPair_isReturnedAsExtracted() {
    FakeHeaders headers =
        FakeHeaders.of("X-JstVerify-Trace-Id", JST_TRACE_ID, "X-JstVerify-Parent-Span-Id", JST_SPAN_ID);

    JstVerifySpanContext context = propagator.extract(headers);

    assertEquals(JST_SPAN_ID, context.toSpanId());
    assertEquals(JstVerifySpanContext.FLAG_SAMPLED, context.flags());
  }

  @Test
  void extract_bothMalformed_isNull() {
    FakeHeaders headers =
        FakeHeaders.of(
            "X-JstVerify-Trace-Id", JST_TRACE_ID,
            "X-JstVerify-Parent-Span-Id", "0000000000000000",
            "traceparent", TRACEPARENT_OTHER_TRACE.toUpperCase(),
            "tracestate", "rojo=1");

    assertNull(propagator.extract(headers));
  }

  @Test
  void extract_nothing_isNull() {
    assertNull(propagator.extract(new FakeHeaders()));
    assertNull(propagator.extract(FakeHeaders.of("content-type", "text/plain")));
  }

  // Baggage.

  @Test
  void extract_baggage_isMergedIntoThePrimaryContext() {
    FakeHeaders headers =
        FakeHeaders.of(
            "X-JstVerify-Trace-Id", JST_TRACE_ID,
            "X-JstVerify-Parent-Span-Id", JST_SPAN_ID,
            "baggage", "tenant=acme");

    JstVerifySpanContext context = propagator.extract(headers);

    assertEquals(JST_SPAN_ID, context.toSpanId());
    assertEquals(map("tenant", "acme"), context.baggage());
  }

  @Test
  void extract_baggageWithoutIds_isABaggageOnlyContext() {
    JstVerifySpanContext context =
        propagator.extract(
            FakeHeaders.of("baggage", "tenant=acme", "traceparent", "garbage", "tracestate", "a=1"));

    assertFalse(context.hasIds());
    assertEquals(map("tenant", "acme"), context.baggage());
  }

  @Test
  void extract_baggageOfEveryContext_primaryFirstAndNeverOverwritten() {
    JstVerifySpanContext earlyBaggage =
        JstVerifySpanContext.baggageOnly(map("k", "early", "e", "1"));
    JstVerifySpanContext primary =
        JstVerifySpanContext.of(1L, 2L, 3L, 1, map("k", "primary"), null);
    JstVerifySpanContext secondWithIds =
        JstVerifySpanContext.of(9L, 9L, 9L, 1, map("k", "second", "s", "2"), null);
    JstVerifySpanContext lateBaggage = JstVerifySpanContext.baggageOnly(map("e", "late", "l", "3"));
    CompositePropagator composite =
        CompositePropagator.of(
            returning(earlyBaggage),
            returning(primary),
            returning(secondWithIds),
            returning(lateBaggage));

    JstVerifySpanContext context = composite.extract(new FakeHeaders());

    assertEquals(3L, context.spanId());
    assertEquals(map("k", "primary", "e", "1", "s", "2", "l", "3"), context.baggage());
  }

  @Test
  void extract_contextsWithoutAnythingToMerge_returnThePrimaryItself() {
    JstVerifySpanContext primary = JstVerifySpanContext.of(1L, 2L, 3L, 1, map("k", "v"), "a=b");
    CompositePropagator composite =
        CompositePropagator.of(
            returning(JstVerifySpanContext.baggageOnly(null)), returning(primary));

    assertSame(primary, composite.extract(new FakeHeaders()));
  }

  @Test
  void extract_emptyBaggageOnlyContext_isNull() {
    CompositePropagator composite =
        CompositePropagator.of(returning(JstVerifySpanContext.baggageOnly(null)));

    assertNull(composite.extract(new FakeHeaders()));
  }

  // Failures never escape.

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void extract_throwingPropagator_isSkipped(boolean error) {
    CompositePropagator composite = CompositePropagator.of(throwing(error), new W3CTraceContext());

    JstVerifySpanContext context =
        composite.extract(FakeHeaders.of("traceparent", TRACEPARENT_OTHER_TRACE));

    assertEquals(W3C_SPAN_ID, context.toSpanId());
  }

  @Test
  void extract_throwingGetter_isNull() {
    Propagator.Getter broken =
        new Propagator.Getter() {
          @Override
          public String get(String lowerCaseName) {
            throw new UnsupportedOperationException("carrier is closed");
          }

          @Override
          public int count(String lowerCaseName) {
            throw new UnsupportedOperationException("carrier is closed");
          }
        };

    assertNull(propagator.extract(broken));
  }

  @Test
  void inject_writesEveryHeaderOfEveryPropagator() {
    JstVerifySpanContext context =
        JstVerifySpanContext.of(
            0x0af7651916cd43ddL, 0x8448eb211c80319cL, 0x00f067aa0ba902b7L, 1, map("k", "v"), "a=b");
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(context, headers);

    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("X-JstVerify-Trace-Id", JST_TRACE_ID);
    expected.put("X-JstVerify-Parent-Span-Id", JST_SPAN_ID);
    expected.put("traceparent", "00-" + JST_TRACE_ID + "-" + JST_SPAN_ID + "-01");
    expected.put("tracestate", "a=b");
    expected.put("baggage", "k=v");
    assertEquals(expected, headers.asMap());
  }

  @Test
  void inject_throwingSetter_neitherEscapesNorStopsTheOthers() {
    List<String> written = new ArrayList<>();
    Propagator.Setter setter =
        (name, value) -> {
          if (name.equals("traceparent")) throw new IllegalStateException("response committed");
          written.add(name);
        };
    JstVerifySpanContext context = JstVerifySpanContext.of(1L, 2L, 3L, 1, map("k", "v"), "a=b");

    propagator.inject(context, setter);

    // W3C stopped at its first header; the propagators after it still ran.
    assertEquals(
        Arrays.asList("X-JstVerify-Trace-Id", "X-JstVerify-Parent-Span-Id", "baggage"), written);
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void inject_throwingPropagator_doesNotStopTheOthers(boolean error) {
    FakeHeaders headers = new FakeHeaders();

    CompositePropagator.of(throwing(error), new W3CTraceContext())
        .inject(JstVerifySpanContext.of(1L, 2L, 3L, 1, null, null), headers);

    assertNotNull(headers.get("traceparent"));
  }

  // JSTVERIFY_PROPAGATION.

  static List<Class<?>> typesOf(CompositePropagator composite) {
    List<Class<?>> types = new ArrayList<>();
    for (Propagator p : composite.propagators()) types.add(p.getClass());
    return types;
  }

  @Test
  void parse_allNames() {
    assertEquals(
        Arrays.asList(JstVerifyHeaders.class, W3CTraceContext.class, W3CBaggage.class),
        typesOf(CompositePropagator.parse("jstverify,w3c,baggage")));
  }

  @Test
  void parse_ignoresCaseWhitespaceAndRepeats() {
    assertEquals(
        Arrays.asList(W3CTraceContext.class, W3CBaggage.class),
        typesOf(CompositePropagator.parse(" W3C ,\tBaggage, w3c ")));
  }

  @Test
  void parse_keepsTheJstVerifyPairPrimaryWhateverTheOrderWritten() {
    assertEquals(
        Arrays.asList(JstVerifyHeaders.class, W3CTraceContext.class),
        typesOf(CompositePropagator.parse("w3c,jstverify")));
  }

  @Test
  void parse_unknownName_saysWhichAndWhatIsExpected() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CompositePropagator.parse("w3c, b3"));

    assertEquals(
        "JSTVERIFY_PROPAGATION: unknown propagation 'b3': "
            + "expected a comma-separated list of jstverify, w3c, baggage",
        e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "jstverify,,w3c", "w3c,", ",w3c", " , "})
  void parse_emptyName_throws(String value) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CompositePropagator.parse(value));

    assertTrue(e.getMessage().startsWith("JSTVERIFY_PROPAGATION: "), e.getMessage());
    assertTrue(e.getMessage().endsWith("jstverify, w3c, baggage"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"jstverify;w3c", "tracecontext", "jstverify w3c", "none"})
  void parse_unknownNames_throw(String value) {
    assertThrows(IllegalArgumentException.class, () -> CompositePropagator.parse(value));
  }
}
