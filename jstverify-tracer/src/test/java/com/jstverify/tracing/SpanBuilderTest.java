package com.jstverify.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.References;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.tag.Tags;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanBuilderTest {
  final TestTracer tracer = TestTracer.create();

  @Test
  void rootSpan_hasNewTraceAndNoParent() {
    JstVerifySpan a = (JstVerifySpan) tracer.buildSpan("a").start();
    JstVerifySpan b = (JstVerifySpan) tracer.buildSpan("b").start();

    assertNull(a.parentId());
    assertEquals(32, a.traceId().length());
    assertEquals(16, a.spanId().length());
    assertNotEquals(a.traceId(), b.traceId());
    assertEquals(a.spanId(), a.context().toSpanId());
    assertEquals(a.traceId(), a.context().toTraceId());
  }

  @Test
  void asChildOf_span_continuesTheTrace() {
    Span parent = tracer.buildSpan("parent").start();
    JstVerifySpan child = (JstVerifySpan) tracer.buildSpan("child").asChildOf(parent).start();

    assertEquals(parent.context().toTraceId(), child.traceId());
    assertEquals(parent.context().toSpanId(), child.parentId());
    assertEquals(1, child.references().size());
    assertEquals(References.CHILD_OF, child.references().get(0).referenceType());
  }

  @Test
  void asChildOf_context_continuesTheTrace() {
    Span parent = tracer.buildSpan("parent").start();
    JstVerifySpan child =
        (JstVerifySpan) tracer.buildSpan("child").asChildOf(parent.context()).start();

    assertEquals(parent.context().toSpanId(), child.parentId());
  }

  @Test
  void asChildOf_null_isANoop() {
    Span active = tracer.buildSpan("active").start();
    try (Scope ignored = tracer.activateSpan(active)) {
      JstVerifySpan child =
          (JstVerifySpan)
              tracer.buildSpan("child").asChildOf((Span) null).asChildOf((SpanContext) null).start();

      assertEquals(active.context().toSpanId(), child.parentId(), "implicit parent still applies");
      assertTrue(child.references().isEmpty());
    }
  }

  @Test
  void implicitParent_isTheActiveSpan() {
    Span active = tracer.buildSpan("active").start();
    try (Scope ignored = tracer.activateSpan(active)) {
      JstVerifySpan child = (JstVerifySpan) tracer.buildSpan("child").start();
      assertEquals(active.context().toSpanId(), child.parentId());
    }
    JstVerifySpan after = (JstVerifySpan) tracer.buildSpan("after").start();
    assertNull(after.parentId());
  }

  @Test
  void ignoreActiveSpan_startsARoot() {
    Span active = tracer.buildSpan("active").start();
    try (Scope ignored = tracer.activateSpan(active)) {
      JstVerifySpan root = (JstVerifySpan) tracer.buildSpan("root").ignoreActiveSpan().start();
      assertNull(root.parentId());
      assertNotEquals(active.context().toTraceId(), root.traceId());
    }
  }

  @Test
  void childOf_isPreferredOverFollowsFrom_andAllReferencesAreKept() {
    Span followed = tracer.buildSpan("followed").start();
    Span parent = tracer.buildSpan("parent").start();

    JstVerifySpan span =
        (JstVerifySpan)
            tracer
                .buildSpan("span")
                .addReference(References.FOLLOWS_FROM, followed.context())
                .addReference(References.CHILD_OF, parent.context())
                .start();

    assertEquals(parent.context().toSpanId(), span.parentId());
    List<JstVerifySpan.Reference> refs = span.references();
    assertEquals(2, refs.size());
    assertEquals(References.FOLLOWS_FROM, refs.get(0).referenceType());
    assertSame(followed.context(), refs.get(0).context());
  }

  @Test
  void followsFrom_alone_isTheParent() {
    Span followed = tracer.buildSpan("followed").start();
    JstVerifySpan span =
        (JstVerifySpan)
            tracer.buildSpan("span").addReference(References.FOLLOWS_FROM, followed.context()).start();
    assertEquals(followed.context().toSpanId(), span.parentId());
  }

  @Test
  void builderStartedTwice_referenceAddedBetween_leavesTheFirstSpansReferencesAlone() {
    Span parent = tracer.buildSpan("parent").start();
    Span followed = tracer.buildSpan("followed").start();
    io.opentracing.Tracer.SpanBuilder builder = tracer.buildSpan("retry").asChildOf(parent);

    JstVerifySpan first = (JstVerifySpan) builder.start();
    builder.addReference(References.FOLLOWS_FROM, followed.context());
    JstVerifySpan second = (JstVerifySpan) builder.start();

    assertEquals(1, first.references().size(), "a started span's references are its own");
    assertEquals(2, second.references().size());
  }

  @Test
  void withTag_keepsEveryJavaType() {
    JstVerifySpan span =
        (JstVerifySpan)
            tracer
                .buildSpan("tags")
                .withTag("s", "v")
                .withTag("b", true)
                .withTag("i", 42)
                .withTag("d", 1.5d)
                .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER)
                .withTag(Tags.HTTP_STATUS, 201)
                .withTag((String) null, "ignored")
                .withTag("nullValue", (String) null)
                .start();

    assertEquals("v", span.tags().get("s"));
    assertEquals(Boolean.TRUE, span.tags().get("b"));
    assertEquals(42, span.tags().get("i"));
    assertEquals(1.5d, span.tags().get("d"));
    assertEquals("server", span.tags().get("span.kind"));
    assertEquals(201, span.statusCode(), "http.status_code fills the HTTP metadata");
    assertEquals(6, span.tags().size());
  }

  @Test
  void withStartTimestamp_isKept() {
    JstVerifySpan span =
        (JstVerifySpan) tracer.buildSpan("old").withStartTimestamp(1_700_000_000_000_000L).start();
    span.finish(1_700_000_000_250_000L);

    assertEquals(1_700_000_000_000_000L, span.startMicros());
    assertEquals(250_000L, span.durationMicros());
  }

  @Test
  void withStartTimestamp_zero_meansNow_asInMockTracerAndJaeger() {
    FakeClock clock = new FakeClock(1_732_350_000_123_456L);
    TestTracer timed = TestTracer.create(b -> b.clock(clock));

    // Instrumentation passes 0 for "no timestamp of its own" (the field's default).
    JstVerifySpan span = (JstVerifySpan) timed.buildSpan("op").withStartTimestamp(0L).start();
    clock.advanceMicros(250);
    span.finish();

    assertEquals(1_732_350_000_123_456L, span.startMicros(), "not the epoch");
    assertEquals(250L, span.durationMicros());
  }

  @Test
  void baggage_isInheritedFromEveryReference_asInMockTracer() {
    Span parent = tracer.buildSpan("parent").start().setBaggageItem("tenant", "acme");
    Span followed =
        tracer.buildSpan("followed").start().setBaggageItem("user", "42").setBaggageItem("tenant", "x");

    JstVerifySpan span =
        (JstVerifySpan)
            tracer
                .buildSpan("span")
                .asChildOf(parent)
                .addReference(References.FOLLOWS_FROM, followed.context())
                .start();

    assertEquals(parent.context().toSpanId(), span.parentId());
    assertEquals("42", span.getBaggageItem("user"));
    assertEquals("x", span.getBaggageItem("tenant"), "a later reference wins a key, as putAll");
  }

  @Test
  void baggageOnlyContext_besideAParent_keepsItsBaggage() {
    // A message whose headers carried only W3C baggage, consumed under the poll span.
    SpanContext fromMessage = JstVerifySpanContext.baggageOnly(java.util.Map.of("tenant", "acme"));
    Span poll = tracer.buildSpan("poll").start();

    JstVerifySpan span =
        (JstVerifySpan)
            tracer
                .buildSpan("process")
                .asChildOf(poll)
                .addReference(References.FOLLOWS_FROM, fromMessage)
                .start();

    assertEquals(poll.context().toSpanId(), span.parentId());
    assertEquals("acme", span.getBaggageItem("tenant"));
  }

  @Test
  void childOfLocalParent_sharesItsLocalRoot_andBaggage() {
    Span parent = tracer.buildSpan("parent").start().setBaggageItem("tenant", "acme");
    JstVerifySpan child = (JstVerifySpan) tracer.buildSpan("child").asChildOf(parent).start();
    JstVerifySpan grandChild = (JstVerifySpan) tracer.buildSpan("gc").asChildOf(child).start();

    assertEquals(((JstVerifySpan) parent).context().spanId(), grandChild.localRootId());
    assertEquals("acme", grandChild.getBaggageItem("tenant"));
  }
}
