package com.jstverify.tracing.propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpanContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JstVerifyHeadersTest {
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String SPAN_ID = "00f067aa0ba902b7";

  final JstVerifyHeaders propagator = new JstVerifyHeaders();

  JstVerifySpanContext extract(String traceId, String parentSpanId) {
    FakeHeaders headers = new FakeHeaders();
    if (traceId != null) headers.add("X-JstVerify-Trace-Id", traceId);
    if (parentSpanId != null) headers.add("X-JstVerify-Parent-Span-Id", parentSpanId);
    return propagator.extract(headers);
  }

  @Test
  void fields_areLowerCaseHeaderNames() {
    assertEquals(
        Arrays.asList("x-jstverify-trace-id", "x-jstverify-parent-span-id"), propagator.fields());
  }

  @Test
  void extract_lowercaseHex_isAccepted() {
    JstVerifySpanContext context = extract(TRACE_ID, SPAN_ID);

    assertEquals(TRACE_ID, context.toTraceId());
    assertEquals(SPAN_ID, context.toSpanId());
    assertEquals(0x0af7651916cd43ddL, context.traceIdHigh());
    assertEquals(0x8448eb211c80319cL, context.traceIdLow());
    assertEquals(0x00f067aa0ba902b7L, context.spanId());
  }

  @Test
  void extract_dashedUuidFromTheBrowserSdk_isNormalised() {
    JstVerifySpanContext context = extract("0af76519-16cd-43dd-8448-eb211c80319c", SPAN_ID);

    assertEquals(TRACE_ID, context.toTraceId());
  }

  @Test
  void extract_uppercaseTraceId_isNormalised() {
    assertEquals(TRACE_ID, extract("0AF7651916CD43DD8448EB211C80319C", SPAN_ID).toTraceId());
    assertEquals(
        TRACE_ID, extract("0AF76519-16CD-43DD-8448-EB211C80319C", SPAN_ID).toTraceId());
  }

  @Test
  void extract_uppercaseParentSpanId_isNormalised() {
    assertEquals(SPAN_ID, extract(TRACE_ID, "00F067AA0BA902B7").toSpanId());
  }

  @Test
  void extract_64BitTraceIdFromAnOlderPeer_isLeftPaddedWithZeros() {
    JstVerifySpanContext context = extract("8448eb211c80319c", SPAN_ID);

    assertEquals(0L, context.traceIdHigh());
    assertEquals("00000000000000008448eb211c80319c", context.toTraceId());
  }

  @Test
  void extract_headerNamesInAnyCase_areFound() {
    FakeHeaders headers =
        FakeHeaders.of("x-jstverify-trace-id", TRACE_ID, "X-JSTVERIFY-PARENT-SPAN-ID", SPAN_ID);

    assertEquals(TRACE_ID, propagator.extract(headers).toTraceId());
  }

  @Test
  void extract_surroundingWhitespace_isTrimmed() {
    JstVerifySpanContext context = extract(" \t" + TRACE_ID + " ", "\t" + SPAN_ID + "  ");

    assertEquals(TRACE_ID, context.toTraceId());
    assertEquals(SPAN_ID, context.toSpanId());
  }

  @Test
  void extract_isSampledWithoutTheRandomFlag_becauseTheSdkHasNoSamplingHeader() {
    JstVerifySpanContext context = extract(TRACE_ID, SPAN_ID);

    assertEquals(JstVerifySpanContext.FLAG_SAMPLED, context.flags());
    assertTrue(context.baggage().isEmpty());
    assertNull(context.traceState());
  }

  @Test
  void extract_noHeaders_isNull() {
    assertNull(extract(null, null));
  }

  @Test
  void extract_traceIdWithoutParent_isIgnored() {
    assertNull(extract(TRACE_ID, null));
  }

  @Test
  void extract_parentWithoutTraceId_isIgnored() {
    assertNull(extract(null, SPAN_ID));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00000000000000000000000000000000",
        "00000000-0000-0000-0000-000000000000",
        "0000000000000000",
      })
  void extract_allZeroTraceId_isIgnored(String traceId) {
    assertNull(extract(traceId, SPAN_ID));
  }

  @Test
  void extract_allZeroParentSpanId_isIgnored() {
    assertNull(extract(TRACE_ID, "0000000000000000"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " ",
        "0af7651916cd43dd8448eb211c80319", // 31
        "0af7651916cd43dd8448eb211c80319c0", // 33
        "8448eb211c80319", // 15
        "8448eb211c80319c0", // 17
        "0af76519-16cd-43dd-8448-eb211c80319", // 35
        "0af76519-16cd-43dd-8448-eb211c80319c0", // 37
        "0af7651916-cd-43dd-8448-eb211c80319c", // dashes in the wrong places
        "0af76519-16cd-43dd-8448eb211c80319c-", // same length, misplaced dash
        "{0af76519-16cd-43dd-8448-eb211c80319c}", // Microsoft GUID braces
        "0af7651916cd43dd8448eb211c80319g", // not hex
        "0af7651916cd43dd 448eb211c80319c", // inner whitespace
        "0x0af7651916cd43dd8448eb211c8031", // hex prefix
        "0af7651916cd43dd8448eb211c80319c,0af7651916cd43dd8448eb211c80319c", // repeated header
        "\u0660af7651916cd43dd8448eb211c80319c", // ARABIC-INDIC DIGIT ZERO: a digit, not hex
        "０af7651916cd43dd8448eb211c80319c", // FULLWIDTH DIGIT ZERO
        // Ids are read as bytes: a char whose low byte is a hex digit or a dash must not pass.
        "\u0130af7651916cd43dd8448eb211c80319c", // U+0130, low byte '0'
        "0af76519\u012d16cd-43dd-8448-eb211c80319c", // U+012D, low byte '-'
        "\u0130af7651916cd43dd", // 16 characters, U+0130 first
        "0af76519-16cd-43dd-8448-eb211c80319\u0163", // U+0163, low byte 'c'
      })
  void extract_malformedTraceId_isIgnored(String traceId) {
    assertNull(extract(traceId, SPAN_ID));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "00f067aa0ba902b", // 15
        "00f067aa0ba902b70", // 17
        "00f067aa-0ba902b7", // dashed
        "00f067aa0ba902bz",
        "00f067aa0ba902b7,00f067aa0ba902b7", // repeated header
        TRACE_ID, // a trace id in the span id header
        "\u013000f067aa0ba902b", // U+0130, low byte '0'
        "00f067aa0ba902b\u0137", // U+0137, low byte '7'
      })
  void extract_malformedParentSpanId_isIgnored(String parentSpanId) {
    assertNull(extract(TRACE_ID, parentSpanId));
  }

  @Test
  void extract_malformed_saysWhyAtFine() {
    Logger logger = Logger.getLogger(JstVerifyHeaders.class.getName());
    List<LogRecord> records = Collections.synchronizedList(new ArrayList<>());
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level previous = logger.getLevel();
    logger.setLevel(Level.FINE);
    logger.addHandler(handler);
    try {
      assertNull(extract("00000000000000000000000000000000", SPAN_ID));
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(previous);
    }

    assertEquals(1, records.size());
    assertEquals(Level.FINE, records.get(0).getLevel());
    assertTrue(records.get(0).getMessage().contains("trace id is all zero"), records.toString());
  }

  @Test
  void inject_writesLowercaseHexUnderTheSpecSpelling() {
    JstVerifySpanContext context =
        JstVerifySpanContext.of(
            0x0af7651916cd43ddL, 0x8448eb211c80319cL, 0x00f067aa0ba902b7L, 0, null, null);
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(context, headers);

    assertEquals(Arrays.asList("X-JstVerify-Trace-Id", "X-JstVerify-Parent-Span-Id"), headers.names());
    assertEquals(TRACE_ID, headers.get("x-jstverify-trace-id"));
    assertEquals(SPAN_ID, headers.get("x-jstverify-parent-span-id"));
  }

  @Test
  void inject_64BitTraceId_isSentAs32Hex() {
    JstVerifySpanContext context = JstVerifySpanContext.of(0L, 1L, 2L, 1, null, null);
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(context, headers);

    assertEquals("00000000000000000000000000000001", headers.get("x-jstverify-trace-id"));
    assertEquals("0000000000000002", headers.get("x-jstverify-parent-span-id"));
  }

  @Test
  void inject_baggageOnlyContext_writesNothing() {
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(
        JstVerifySpanContext.baggageOnly(Collections.singletonMap("k", "v")), headers);

    assertTrue(headers.isEmpty());
  }

  @Test
  void injectThenExtract_keepsTheIds() {
    JstVerifySpanContext context = JstVerifySpanContext.of(-1L, -2L, -3L, 0, null, null);
    FakeHeaders headers = new FakeHeaders();

    propagator.inject(context, headers);
    JstVerifySpanContext extracted = propagator.extract(headers);

    assertNotNull(extracted);
    assertEquals(context, extracted);
    assertFalse(extracted.toTraceId().isEmpty());
  }
}
