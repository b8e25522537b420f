package com.jstverify.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.reporter.InMemoryReporter;
import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import okio.Buffer;
import org.junit.jupiter.api.Test;

/** Size-limited span JSON: one huge span must not get a whole batch refused. */
class SpanJsonBoundedTest {
  static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  final JstVerifyTracer tracer =
      JstVerifyTracer.builder()
          .serviceName("svc")
          .reporter(new InMemoryReporter(1))
          .shutdownHook(false)
          .build();

  JstVerifySpan span(String operation) {
    return (JstVerifySpan) tracer.buildSpan(operation).start();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> parse(Buffer buffer) throws IOException {
    return (Map<String, Object>) JSON.fromJson(buffer.readUtf8());
  }

  static String repeat(char c, int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) b.append(c);
    return b.toString();
  }

  @Test
  void aSmallSpan_isWrittenAsItIs() {
    JstVerifySpan span = span("GET /users");
    span.setTag("component", "jaxrs");
    span.finish();
    Buffer out = new Buffer();

    assertFalse(SpanJson.writeBounded(out, span, SpanJson.MAX_SPAN_BYTES));

    assertEquals(SpanJson.toJson(span), out.readUtf8());
  }

  @Test
  void aHugeTagValue_isTrimmed_andTheSpanMarkedTruncated() throws IOException {
    JstVerifySpan span = span("upload");
    span.setTag("payload", repeat('x', 200_000));
    span.setTag("component", "jaxrs");
    span.finish();
    Buffer out = new Buffer();

    assertTrue(SpanJson.writeBounded(out, span, SpanJson.MAX_SPAN_BYTES));

    assertTrue(out.size() <= SpanJson.MAX_SPAN_BYTES, out.size() + " bytes");
    Map<String, Object> json = parse(out);
    Map<?, ?> tags = (Map<?, ?>) json.get("tags");
    assertEquals(true, tags.get(SpanJson.TRUNCATED_TAG));
    assertEquals("jaxrs", tags.get("component"));
    String payload = (String) tags.get("payload");
    assertTrue(payload.length() > 0 && payload.length() < 200_000, "trimmed, not removed");
    assertEquals(span.spanId(), json.get("spanId"));
  }

  @Test
  void logsTooLargeEvenTrimmed_areDropped_tagsKept() throws IOException {
    JstVerifySpan span = span("batch-job");
    span.setTag("component", "worker");
    Map<String, Object> fields = new HashMap<>();
    for (int f = 0; f < 10; f++) fields.put("field" + f, repeat('y', 1_000));
    for (int i = 0; i < 200; i++) span.log(fields); // ~2 MB of logs, ~2 MB still when trimmed
    span.finish();
    Buffer out = new Buffer();

    assertTrue(SpanJson.writeBounded(out, span, SpanJson.MAX_SPAN_BYTES));

    assertTrue(out.size() <= SpanJson.MAX_SPAN_BYTES, out.size() + " bytes");
    Map<String, Object> json = parse(out);
    assertTrue(((List<?>) json.get("logs")).isEmpty());
    assertEquals("worker", ((Map<?, ?>) json.get("tags")).get("component"));
  }

  @Test
  void everythingHuge_stillGivesAValidSpan_withItsOwnFields() throws IOException {
    JstVerifySpan span = span(repeat('o', 100_000));
    for (int i = 0; i < 256; i++) span.setTag(i + repeat('k', 5_000), repeat('v', 5_000));
    span.finish();
    Buffer out = new Buffer();

    assertTrue(SpanJson.writeBounded(out, span, SpanJson.MAX_SPAN_BYTES));

    assertTrue(out.size() <= SpanJson.MAX_SPAN_BYTES, out.size() + " bytes");
    Map<String, Object> json = parse(out);
    assertEquals(span.traceId(), json.get("traceId"));
    assertEquals(span.spanId(), json.get("spanId"));
    assertTrue(((String) json.get("operationName")).startsWith("ooo"));
    assertEquals(true, ((Map<?, ?>) json.get("tags")).get(SpanJson.TRUNCATED_TAG));
    assertEquals(false, json.get("error"));
  }

  @Test
  void trimming_neverSplitsASurrogatePair() throws IOException {
    JstVerifySpan span = span("emoji");
    StringBuilder value = new StringBuilder("a"); // odd start: every cut at an even index splits
    for (int i = 0; i < 50_000; i++) value.append("\uD83D\uDE00");
    span.setTag("text", value.toString());
    span.finish();
    Buffer out = new Buffer();

    SpanJson.writeBounded(out, span, SpanJson.MAX_SPAN_BYTES);

    String text = (String) ((Map<?, ?>) parse(out).get("tags")).get("text");
    assertFalse(Character.isHighSurrogate(text.charAt(text.length() - 1)));
  }

  @Test
  void writeBatch_wrapsSpansInTheEnvelope_andForeignNumbersCannotBreakIt() throws IOException {
    JstVerifySpan good = span("good");
    good.finish();
    JstVerifySpan odd = span("odd");
    Number overflowing = new Number() { // a foreign Number whose toString blows up
          @Override public int intValue() { return 0; }
          @Override public long longValue() { return 0; }
          @Override public float floatValue() { return 0; }
          @Override public double doubleValue() { return 0; }
          @Override public String toString() { throw new StackOverflowError(); }
        };
    odd.setTag("overflowing", overflowing);
    // A BigDecimal subclass may print anything: one invalid number would get the batch refused.
    odd.setTag("lying", new BigDecimal("1.5") {
          @Override public String toString() { return "one and a half"; }
        });
    odd.finish();
    JstVerifySpan other = span("other");
    other.finish();
    JsonOut out = new JsonOut(64);

    int written = new SpanJson().batch(out, new JstVerifySpan[] {good, odd, other, null}, 3);

    assertEquals(3, written);
    Map<String, Object> body = parse(new Buffer().writeUtf8(out.toUtf8()));
    List<?> spans = (List<?>) body.get("spans");
    assertEquals(List.of("good", "odd", "other"), operationNames(spans));
    assertNull(((Map<?, ?>) spans.get(0)).get("parentSpanId"));
    Map<?, ?> tags = (Map<?, ?>) ((Map<?, ?>) spans.get(1)).get("tags");
    assertEquals(overflowing.getClass().getName(), tags.get("overflowing"));
    assertEquals("one and a half", tags.get("lying"));
  }

  @Test
  void aValueWhoseToStringReturnsNull_isWrittenAsItsClassName_andTheSpanIsKept()
      throws IOException {
    Object printsNull = new Object() {
          @Override public String toString() { return null; }
        };
    Number numberPrintingNull = new Number() {
          @Override public int intValue() { return 0; }
          @Override public long longValue() { return 0; }
          @Override public float floatValue() { return 0; }
          @Override public double doubleValue() { return 0; }
          @Override public String toString() { return null; }
        };
    JstVerifySpan span = span("odd");
    span.setTag("number", numberPrintingNull);
    span.log(Map.of("object", printsNull));
    span.finish();
    JsonOut out = new JsonOut(64);

    int written = new SpanJson().batch(out, new JstVerifySpan[] {span}, 1);

    assertEquals(1, written);
    Map<?, ?> json = (Map<?, ?>) ((List<?>) parse(new Buffer().writeUtf8(out.toUtf8())).get("spans")).get(0);
    assertEquals(numberPrintingNull.getClass().getName(), ((Map<?, ?>) json.get("tags")).get("number"));
    Map<?, ?> fields = (Map<?, ?>) ((Map<?, ?>) ((List<?>) json.get("logs")).get(0)).get("fields");
    assertEquals(printsNull.getClass().getName(), fields.get("object"));
  }

  private static List<Object> operationNames(List<?> spans) {
    List<Object> names = new ArrayList<>();
    for (Object span : spans) names.add(((Map<?, ?>) span).get("operationName"));
    return names;
  }
}
