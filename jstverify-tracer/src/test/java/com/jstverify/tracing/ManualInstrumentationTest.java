package com.jstverify.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.reporter.InMemoryReporter;
import io.opentracing.Span;
import io.opentracing.noop.NoopSpan;
import io.opentracing.util.GlobalTracer;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ManualInstrumentationTest {
  private final InMemoryReporter reporter = new InMemoryReporter();

  @AfterEach
  void shutdown() {
    JstVerifyTracing.shutdown();
  }

  private JstVerifyTracer init() {
    return JstVerifyTracing.init(b -> b.serviceName("payments").reporter(reporter).shutdownHook(false));
  }

  @Test
  void traceRunnable_runsInAnActiveSpan_thatParentsInnerSpans() {
    JstVerifyTracer tracer = init();
    AtomicReference<Span> active = new AtomicReference<>();

    JstVerifyTracing.trace(
        "process-payment",
        () -> {
          active.set(tracer.activeSpan());
          JstVerifyTracing.trace("charge-card", () -> {});
        });

    List<JstVerifySpan> spans = reporter.finishedSpans();
    assertEquals("charge-card", spans.get(0).operationName());
    assertEquals("process-payment", spans.get(1).operationName());
    assertSame(active.get(), spans.get(1));
    assertEquals(spans.get(1).spanId(), spans.get(0).parentId());
    assertFalse(spans.get(1).isError());
    assertNull(tracer.activeSpan(), "nothing stays active after the call");
  }

  @Test
  void traceSupplier_returnsTheValue() {
    init();
    int total = JstVerifyTracing.trace("sum", () -> 40 + 2);

    assertEquals(42, total);
    assertEquals("sum", reporter.finishedSpans().get(0).operationName());
  }

  @Test
  void traceRunnable_runtimeException_isRecorded_andRethrownUnchanged() {
    init();
    IllegalStateException thrown = new IllegalStateException("card declined");

    IllegalStateException caught =
        assertThrows(
            IllegalStateException.class,
            () -> JstVerifyTracing.trace("process-payment", (Runnable) () -> { throw thrown; }));

    assertSame(thrown, caught);
    JstVerifySpan span = reporter.finishedSpans().get(0);
    assertTrue(span.isError());
    assertEquals(true, span.tag("error"));
    assertEquals("error", span.logEntries().get(0).fields().get("event"));
    assertEquals(IllegalStateException.class.getName(), span.logEntries().get(0).fields().get("error.kind"));
    assertEquals("card declined", span.logEntries().get(0).fields().get("message"));
  }

  @Test
  void traceSupplier_error_isRecorded_andRethrownUnchanged() {
    init();
    AssertionError thrown = new AssertionError("boom");

    AssertionError caught =
        assertThrows(
            AssertionError.class,
            () -> JstVerifyTracing.trace("check", (java.util.function.Supplier<Integer>) () -> { throw thrown; }));

    assertSame(thrown, caught);
    assertTrue(reporter.finishedSpans().get(0).isError());
  }

  @Test
  void traceCallable_checkedException_isRecorded_andRethrownUnchanged() {
    init();
    IOException thrown = new IOException("gateway unreachable");

    IOException caught =
        assertThrows(IOException.class, () -> JstVerifyTracing.traceCallable("call-gateway", () -> { throw thrown; }));

    assertSame(thrown, caught);
    JstVerifySpan span = reporter.finishedSpans().get(0);
    assertTrue(span.isError());
    assertEquals(IOException.class.getName(), span.logEntries().get(0).fields().get("error.kind"));
  }

  @Test
  void traceRunnableAndSupplier_checkedExceptionThrownWithoutDeclaring_isRecorded_andRethrownUnchanged() {
    // Kotlin lambdas, Lombok's @SneakyThrows and Groovy closures throw checked exceptions
    // through a Runnable or a Supplier without declaring them.
    init();
    IOException thrown = new IOException("disk full");

    assertSame(
        thrown,
        assertThrows(
            IOException.class,
            () -> JstVerifyTracing.trace("write-file", (Runnable) () -> sneakyThrow(thrown))));
    assertSame(
        thrown,
        assertThrows(
            IOException.class,
            () ->
                JstVerifyTracing.trace(
                    "read-file", (java.util.function.Supplier<Integer>) () -> sneakyThrow(thrown))));

    for (JstVerifySpan span : reporter.finishedSpans()) {
      assertTrue(span.isError(), span.operationName() + " is an error");
      assertEquals(IOException.class.getName(), span.logEntries().get(0).fields().get("error.kind"));
    }
    assertEquals(2, reporter.finishedSpans().size());
  }

  @SuppressWarnings("unchecked")
  private static <T, E extends Throwable> T sneakyThrow(Throwable t) throws E {
    throw (E) t;
  }

  @Test
  void traceCallable_returnsTheValue() throws Exception {
    init();
    assertEquals("ok", JstVerifyTracing.traceCallable("call", () -> "ok"));
    assertFalse(reporter.finishedSpans().get(0).isError());
  }

  @Test
  void span_isActiveInTheBlock_andFinishedOnClose_withItsMetadata() {
    JstVerifyTracer tracer = init();
    Span inside;
    try (TracedSpan span = JstVerifyTracing.span("validate-order")) {
      inside = tracer.activeSpan();
      assertSame(span.span(), inside);
      span.setHttpMetadata("POST", "/orders", null)
          .setStatus(201)
          .setTag("order.id", "o-1")
          .setTag("items", 3)
          .setTag("priority", true)
          .log("validated");
      assertTrue(reporter.finishedSpans().isEmpty());
    }

    assertNull(tracer.activeSpan());
    JstVerifySpan span = reporter.finishedSpans().get(0);
    assertSame(inside, span);
    assertEquals("validate-order", span.operationName());
    assertEquals(201, span.statusCode());
    assertEquals("POST", span.httpMethod());
    assertEquals("/orders", span.httpUrl());
    assertEquals("o-1", span.tag("order.id"));
    assertEquals(3, span.tag("items"));
    assertEquals(true, span.tag("priority"));
    assertEquals("validated", span.logEntries().get(0).fields().get("event"));
  }

  @Test
  void span_status500_isAnError_andRecordErrorMarksIt() {
    init();
    try (TracedSpan span = JstVerifyTracing.span("a")) {
      span.setStatus(503);
    }
    try (TracedSpan span = JstVerifyTracing.span("b")) {
      span.recordError(new IllegalArgumentException("bad order"));
    }

    assertTrue(reporter.finishedSpans().get(0).isError());
    assertTrue(reporter.finishedSpans().get(1).isError());
  }

  @Test
  void span_closedTwice_finishesOnce() {
    JstVerifyTracer tracer = init();
    TracedSpan span = JstVerifyTracing.span("once");
    span.close();
    span.close();

    assertEquals(1, reporter.finishedSpans().size());
    assertEquals(0, tracer.metrics().duplicateFinishes());
  }

  @Test
  void withoutATracer_everythingIsANoop_andNothingThrows() throws Exception {
    assertNull(JstVerifyTracing.tracer());

    JstVerifyTracing.trace("noop", () -> {});
    assertEquals(7, JstVerifyTracing.trace("noop", () -> 7));
    assertEquals(8, JstVerifyTracing.traceCallable("noop", () -> 8));
    try (TracedSpan span = JstVerifyTracing.span("noop")) {
      span.setStatus(200).setHttpMetadata("GET", "/", 200).setTag("k", "v").recordError(new RuntimeException());
      if (!GlobalTracer.isRegistered()) assertSame(NoopSpan.INSTANCE, span.span());
    }
    IllegalStateException thrown = new IllegalStateException("still rethrown");
    assertSame(
        thrown,
        assertThrows(IllegalStateException.class, () -> JstVerifyTracing.trace("noop", (Runnable) () -> { throw thrown; })));
    assertTrue(reporter.finishedSpans().isEmpty());
  }

  @Test
  void nullArguments_failAtOnce_naming() {
    assertEquals(
        "operationName == null",
        assertThrows(NullPointerException.class, () -> JstVerifyTracing.span(null)).getMessage());
    assertEquals(
        "work == null",
        assertThrows(NullPointerException.class, () -> JstVerifyTracing.trace("x", (Runnable) null)).getMessage());
  }
}
