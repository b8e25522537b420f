package com.jstverify.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.log.Fields;
import io.opentracing.tag.Tags;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanTest {
  final FakeClock clock = new FakeClock(1_732_350_000_123_456L);
  final TestTracer tracer = TestTracer.create(b -> b.clock(clock));

  JstVerifySpan start(String name) {
    return (JstVerifySpan) tracer.buildSpan(name).start();
  }

  @Test
  void timestamps_areWallClockAtStartPlusMonotonicDuration() {
    JstVerifySpan span = start("op");
    clock.advanceMicros(27_041);
    clock.jumpWallClock(-3_600_000_000L); // NTP steps the wall clock back an hour mid-span
    span.finish();

    assertEquals(1_732_350_000_123_456L, span.startMicros());
    assertEquals(27_041L, span.durationMicros());
    assertEquals(span.startMicros() + 27_041L, span.finishMicros());
  }

  @Test
  void childSpans_shareTheRootsAnchor_soTheyNestInTime() {
    JstVerifySpan root = start("root");
    clock.advanceMicros(10);
    clock.jumpWallClock(5_000_000L);
    JstVerifySpan child = (JstVerifySpan) tracer.buildSpan("child").asChildOf(root).start();

    assertEquals(root.startMicros() + 10, child.startMicros());
  }

  @Test
  void withAClockOfItsOwn_eachNewTraceReadsItsWallClock() {
    JstVerifySpan first = start("first");
    clock.jumpWallClock(5_000_000L);
    JstVerifySpan second = start("second");

    assertEquals(first.startMicros() + 5_000_000L, second.startMicros());
  }

  @Test
  void withTheSystemClock_tracesShareOneAnchor_readAgainAfterASecond() {
    JstVerifyTracer system = JstVerifyTracer.builder().serviceName("svc")
        .reporter(span -> {}).shutdownHook(false).build();
    JstVerifySpan span = (JstVerifySpan) system.buildSpan("op").start();
    assertTrue(Math.abs(span.startMicros() - System.currentTimeMillis() * 1_000L) < 50_000L);
    long now = System.nanoTime();

    TimeAnchor anchor = system.anchorAt(now);

    assertSame(span.anchor, anchor, "the next trace shares the anchor");
    assertSame(anchor, system.anchorAt(anchor.nanos + TimeAnchor.SYSTEM_REFRESH_NANOS - 1));
    TimeAnchor later = system.anchorAt(anchor.nanos + TimeAnchor.SYSTEM_REFRESH_NANOS);
    assertNotSame(anchor, later, "read again a second later");
    assertTrue(Math.abs(later.wallMicros - System.currentTimeMillis() * 1_000L) < 50_000L);
  }

  @Test
  void forEachTag_givesTheTagsInOrder_withTheirTypes() {
    JstVerifySpan span = start("op");
    span.setTag("component", "jdbc").setTag("rows", 3).setTag("component", "jaxrs");
    Map<String, Object> seen = new LinkedHashMap<>();

    span.forEachTag((target, key, value) -> target.put(key, value), seen);

    assertEquals(List.of("component", "rows"), List.copyOf(seen.keySet()));
    assertEquals("jaxrs", seen.get("component"));
    assertEquals(3, seen.get("rows"));
  }

  @Test
  void aBuilderStartedTwice_givesSpansThatDoNotShareTags() {
    io.opentracing.Tracer.SpanBuilder builder =
        tracer.buildSpan("op").withTag("a", 1).withTag("a", 2).withTag("b", "x");
    JstVerifySpan first = (JstVerifySpan) builder.start();
    first.setTag("only-first", true);
    JstVerifySpan second = (JstVerifySpan) builder.withTag("only-second", true).start();

    assertEquals(Map.of("a", 2, "b", "x", "only-first", true), first.tags());
    assertEquals(Map.of("a", 2, "b", "x", "only-second", true), second.tags());
  }

  @Test
  void finish_twice_isIgnoredAndCounted() {
    JstVerifySpan span = start("op");
    span.finish();
    long firstFinish = span.finishMicros();
    clock.advanceMicros(500);
    span.finish();
    span.finish(123L);

    assertEquals(firstFinish, span.finishMicros());
    assertEquals(1, tracer.finishedSpans().size());
    assertEquals(1, tracer.metrics().spansFinished());
    assertEquals(2, tracer.metrics().duplicateFinishes());
  }

  @Test
  void finish_beforeStart_isClampedToStart() {
    JstVerifySpan span = start("op");
    span.finish(span.startMicros() - 1_000);
    assertEquals(0, span.durationMicros());
  }

  @Test
  void setTag_overwritesAndKeepsTypes() {
    JstVerifySpan span = start("op");
    span.setTag("k", "first").setTag("k", 2).setTag("flag", false).setTag(Tags.COMPONENT, "jdbc");

    assertEquals(2, span.tags().get("k"));
    assertEquals(Boolean.FALSE, span.tags().get("flag"));
    assertEquals("jdbc", span.tag("component"));
    assertEquals(3, span.tags().size());
  }

  @Test
  void log_formsKeepTheirTimestampsAndValueTypes() {
    JstVerifySpan span = start("op");
    clock.advanceMicros(100);
    span.log("cache-miss");
    span.log(42L, "explicit");
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("count", 3);
    fields.put("ratio", 0.5d);
    span.log(fields);
    fields.put("count", 99); // a later change by the caller must not show
    span.log(7L, Map.of("ok", true));

    List<JstVerifySpan.LogEntry> logs = span.logEntries();
    assertEquals(4, logs.size());
    assertEquals(span.startMicros() + 100, logs.get(0).timestampMicros());
    assertEquals("cache-miss", logs.get(0).fields().get(Fields.EVENT));
    assertEquals(42L, logs.get(1).timestampMicros());
    assertEquals(3, logs.get(2).fields().get("count"));
    assertEquals(0.5d, logs.get(2).fields().get("ratio"));
    assertEquals(Boolean.TRUE, logs.get(3).fields().get("ok"));
  }

  @Test
  void log_errorObject_isExpandedAndKept() {
    IllegalStateException failure = new IllegalStateException("boom");
    JstVerifySpan span = start("op");
    span.setTag(Tags.ERROR, true);
    span.log(Map.of(Fields.EVENT, Tags.ERROR.getKey(), Fields.ERROR_OBJECT, failure));

    Map<String, ?> f = span.logEntries().get(0).fields();
    assertSame(failure, f.get(Fields.ERROR_OBJECT));
    assertEquals(IllegalStateException.class.getName(), f.get(Fields.ERROR_KIND));
    assertEquals("boom", f.get(Fields.MESSAGE));
    assertTrue(((String) f.get(Fields.STACK)).contains("SpanTest"));
    assertTrue(span.isError());
  }

  @Test
  void baggage_isSetOnANewContext_andInheritedByChildren() {
    JstVerifySpan span = start("op");
    JstVerifySpanContext before = span.context();
    span.setBaggageItem("tenant", "acme");

    assertNotSame(before, span.context());
    assertNull(before.getBaggageItem("tenant"));
    assertEquals("acme", span.getBaggageItem("tenant"));
    assertEquals(before.toSpanId(), span.context().toSpanId());
    JstVerifySpan child = (JstVerifySpan) tracer.buildSpan("child").asChildOf(span).start();
    assertEquals("acme", child.getBaggageItem("tenant"));
    span.setBaggageItem("tenant", null);
    assertNull(span.getBaggageItem("tenant"));
  }

  @Test
  void setOperationName_renames() {
    JstVerifySpan span = start("GET");
    span.setOperationName("GET /users/{id}");
    span.finish();
    assertEquals("GET /users/{id}", tracer.finishedSpans().get(0).operationName());
  }

  @Test
  void httpMetadata_fromSetterAndFromStandardTags() {
    JstVerifySpan viaSetter = start("a").setHttpMetadata("GET", "/users/42", 200);
    JstVerifySpan viaTags = start("b");
    Tags.HTTP_METHOD.set(viaTags, "POST");
    Tags.HTTP_URL.set(viaTags, "http://x/orders");
    Tags.HTTP_STATUS.set(viaTags, 503);

    assertEquals("GET", viaSetter.httpMethod());
    assertEquals("/users/42", viaSetter.httpUrl());
    assertEquals(200, viaSetter.statusCode());
    assertFalse(viaSetter.isError());
    assertEquals("POST", viaTags.httpMethod());
    assertEquals(503, viaTags.statusCode());
    assertTrue(viaTags.isError(), "5xx is an error");
    assertEquals(404, start("c").setStatus(404).statusCode());
  }

  @Test
  void mutationsAfterFinish_areIgnored() {
    JstVerifySpan span = start("op");
    span.finish();
    span.setTag("late", "x").log("late").setOperationName("renamed").setBaggageItem("b", "v");
    span.setHttpMetadata("GET", "/", 500);

    assertTrue(span.tags().isEmpty());
    assertTrue(span.logEntries().isEmpty());
    assertEquals("op", span.operationName());
    assertNull(span.getBaggageItem("b"));
    assertFalse(span.isError());
  }

  @Test
  void hugeNumbersOfTagsAndLogs_areCapped() {
    JstVerifySpan span = start("op");
    Map<String, Object> many = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      span.setTag("k" + i, i);
      span.log("e" + i);
    }
    many.put("x", "y");
    span.log(many);

    assertEquals(JstVerifySpan.MAX_TAGS, span.tags().size());
    assertEquals(JstVerifySpan.MAX_LOGS, span.logEntries().size());
  }

  @Test
  void hugeNumbersOfBaggageItems_areCappedAtWhatPropagationCanCarry() {
    JstVerifySpan span = start("op");
    for (int i = 0; i < 10_000; i++) span.setBaggageItem("k" + i, "v" + i);
    span.setBaggageItem("k0", "changed"); // a key it has can still change
    span.setBaggageItem("k1", null); // and go

    int items = 0;
    for (Map.Entry<String, String> ignored : span.context().baggageItems()) items++;
    assertEquals(JstVerifySpan.MAX_BAGGAGE_ITEMS - 1, items);
    assertEquals("changed", span.getBaggageItem("k0"));
    assertNull(span.getBaggageItem("k9999"));
  }

  @Test
  void baggageValuesPastTheSizeCap_areIgnored() {
    JstVerifySpan span = start("op");
    String big = "x".repeat(JstVerifySpan.MAX_BAGGAGE_CHARS);
    span.setBaggageItem("small", "v");
    span.setBaggageItem("big", big); // with "small" and its own key, past the cap

    assertNull(span.getBaggageItem("big"));
    assertEquals("v", span.getBaggageItem("small"));
  }

  @Test
  void nullArguments_neverThrow() {
    JstVerifySpan span = start(null);
    span.setTag((String) null, "v").setTag("k", (String) null).setTag("n", (Number) null);
    span.setTag((io.opentracing.tag.Tag<String>) null, "v");
    span.log((String) null).log((Map<String, ?>) null).log(Map.of());
    span.setBaggageItem(null, "v").setOperationName(null);
    assertNull(span.getBaggageItem(null));
    span.finish();
    assertEquals("", span.operationName());
  }

  /** A foreign Number that fails however it is read. */
  static final class FailingNumber extends Number {
    @Override public int intValue() { throw new IllegalStateException("intValue"); }
    @Override public long longValue() { throw new IllegalStateException("longValue"); }
    @Override public float floatValue() { throw new IllegalStateException("floatValue"); }
    @Override public double doubleValue() { throw new IllegalStateException("doubleValue"); }
    @Override public String toString() { throw new IllegalStateException("toString"); }
  }

  @Test
  void standardTags_withANumberThatFailsWhenRead_neverThrow_andKeepTheSpansFields() {
    String[] keys = {"http.status_code", "http.method", "http.url", "error", "sampling.priority"};
    for (String key : keys) {
      JstVerifySpan span = start("op").setHttpMetadata("GET", "/a", 200);
      span.setTag(key, new FailingNumber());
      assertEquals(200, span.statusCode(), key);
      assertFalse(span.isError(), key);
      tracer.buildSpan("op").withTag(key, new FailingNumber()).start().finish();
      span.finish();
    }
  }
}
