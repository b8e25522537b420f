package com.jstverify.tracing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
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
import io.opentracing.mock.MockTracer;
import io.opentracing.noop.NoopSpan;
import io.opentracing.noop.NoopTracerFactory;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Spans and contexts of other tracers reach us in normal operation: opentracing-contrib's JDBC
 * and JAX-RS modules activate {@code NoopSpan.INSTANCE}, and mixed setups pass MockTracer or
 * Noop contexts around. None of it may crash the tracer.
 */
class ForeignObjectsTest {
  final TestTracer tracer = TestTracer.create();
  final MockTracer mockTracer = new MockTracer();

  @Test
  void activateSpan_noopSpan_isActivatedAsIs() {
    try (Scope scope = tracer.activateSpan(NoopSpan.INSTANCE)) {
      assertSame(NoopSpan.INSTANCE, tracer.activeSpan());
      JstVerifySpan child = (JstVerifySpan) tracer.buildSpan("under-noop").start();
      assertNull(child.parentId(), "a foreign active span is not a parent");
      child.finish();
    }
    assertNull(tracer.activeSpan());
    assertEquals(1, tracer.finishedSpans().size());
  }

  @Test
  void asChildOf_foreignSpanOrContext_isIgnoredAsParent_butKeptAsReference() {
    Span mockSpan = mockTracer.buildSpan("mock").start();
    JstVerifySpan fromSpan = (JstVerifySpan) tracer.buildSpan("a").asChildOf(mockSpan).start();
    JstVerifySpan fromContext =
        (JstVerifySpan) tracer.buildSpan("b").asChildOf(mockSpan.context()).start();
    JstVerifySpan fromNoop =
        (JstVerifySpan) tracer.buildSpan("c").asChildOf(NoopSpan.INSTANCE).start();

    assertNull(fromSpan.parentId());
    assertNull(fromContext.parentId());
    assertNull(fromNoop.parentId());
    assertEquals(1, fromSpan.references().size());
    assertSame(mockSpan.context(), fromSpan.references().get(0).context());
  }

  @Test
  void foreignReference_besideOurs_leavesOursAsParent() {
    Span ours = tracer.buildSpan("ours").start();
    JstVerifySpan span =
        (JstVerifySpan)
            tracer
                .buildSpan("mixed")
                .addReference(References.CHILD_OF, mockTracer.buildSpan("m").start().context())
                .addReference(References.FOLLOWS_FROM, ours.context())
                .start();
    assertEquals(ours.context().toSpanId(), span.parentId());
  }

  @Test
  void foreignReferenceOnly_fallsBackToTheActiveSpan() {
    Span active = tracer.buildSpan("active").start();
    try (Scope ignored = tracer.activateSpan(active)) {
      JstVerifySpan span =
          (JstVerifySpan) tracer.buildSpan("s").asChildOf(NoopSpan.INSTANCE.context()).start();
      assertEquals(active.context().toSpanId(), span.parentId());
    }
  }

  @Test
  void inject_foreignContexts_writesNothing() {
    Map<String, String> headers = new HashMap<>();
    TextMapAdapter carrier = new TextMapAdapter(headers);
    assertDoesNotThrow(
        () -> {
          tracer.inject(mockTracer.buildSpan("m").start().context(), Format.Builtin.HTTP_HEADERS, carrier);
          tracer.inject(NoopSpan.INSTANCE.context(), Format.Builtin.TEXT_MAP, carrier);
          tracer.inject(null, Format.Builtin.TEXT_MAP, carrier);
          tracer.inject(tracer.buildSpan("x").start().context(), null, carrier);
          tracer.inject(tracer.buildSpan("x").start().context(), Format.Builtin.TEXT_MAP, null);
        });
    assertTrue(headers.isEmpty());
  }

  @Test
  void ourSpans_inAForeignTracer_doNotBreakUs() {
    // The reverse direction: an app that mixes tracers hands our span to a noop tracer.
    JstVerifySpan ours = (JstVerifySpan) tracer.buildSpan("ours").start();
    assertDoesNotThrow(
        () -> NoopTracerFactory.create().buildSpan("noop").asChildOf(ours).start().finish());
    ours.finish();
    assertEquals(1, tracer.finishedSpans().size());
  }

  @Test
  void contextOfAnotherTracer_extractedByUs_givesOurOwnContext() {
    Map<String, String> headers = new HashMap<>();
    Span mock = mockTracer.buildSpan("m").start();
    mockTracer.inject(mock.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));

    SpanContext extracted =
        tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));

    assertNull(extracted, "MockTracer's headers are not ours: new root, no exception");
    JstVerifySpan root = (JstVerifySpan) tracer.buildSpan("root").asChildOf(extracted).start();
    assertNotEquals(mock.context().toTraceId(), root.traceId());
  }
}
