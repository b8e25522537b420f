package com.jstverify.tracing.testbed.promise_propagation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testbed.ScopeManagers;
import com.jstverify.tracing.testbed.Spans;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.tag.Tags;
import java.util.List;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The phaser lines only make the run deterministic; read past them for the pattern. */
@SuppressWarnings("try") // scopes opened only for their side effect
class PromisePropagationTest {
  private final Phaser phaser = new Phaser();

  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void promiseCallback(Supplier<ScopeManager> scopeManager) {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    phaser.register(); // the test thread
    AtomicReference<String> successResult1 = new AtomicReference<>();
    AtomicReference<String> successResult2 = new AtomicReference<>();
    AtomicReference<Throwable> errorResult = new AtomicReference<>();
    try (PromiseContext context = new PromiseContext(phaser, 3)) {
      Span parentSpan =
          tracer.buildSpan("promises").withTag(Tags.COMPONENT.getKey(), "example-promises").start();
      try (Scope parentScope = tracer.activateSpan(parentSpan)) {
        Promise<String> successPromise = new Promise<>(context, tracer);
        successPromise.onSuccess(
            s -> {
              tracer.activeSpan().log("Promised 1 " + s);
              successResult1.set(s);
              phaser.arriveAndAwaitAdvance(); // result set
            });
        successPromise.onSuccess(
            s -> {
              tracer.activeSpan().log("Promised 2 " + s);
              successResult2.set(s);
              phaser.arriveAndAwaitAdvance(); // result set
            });

        Promise<Object> errorPromise = new Promise<>(context, tracer);
        errorPromise.onError(
            t -> {
              errorResult.set(t);
              phaser.arriveAndAwaitAdvance(); // result set
            });

        assertEquals(0, tracer.finishedSpans().size());
        successPromise.success("success!");
        errorPromise.error(new Exception("some error."));
      } finally {
        parentSpan.finish();
      }

      phaser.arriveAndAwaitAdvance(); // results set
      assertEquals("success!", successResult1.get());
      assertEquals("success!", successResult2.get());
      assertEquals("some error.", errorResult.get().getMessage());

      phaser.arriveAndAwaitAdvance(); // spans reported
      List<JstVerifySpan> finished = tracer.finishedSpans();
      assertEquals(4, finished.size());
      JstVerifySpan parent = Spans.oneByTag(finished, Tags.COMPONENT, "example-promises");
      assertNotNull(parent);
      assertNull(parent.parentId());
      List<JstVerifySpan> successes = Spans.byTag(finished, Tags.COMPONENT, "success");
      assertEquals(2, successes.size());
      for (JstVerifySpan span : successes) {
        assertEquals(parent.spanId(), span.parentId());
      }
      JstVerifySpan error = Spans.oneByTag(finished, Tags.COMPONENT, "error");
      assertNotNull(error);
      assertEquals(parent.spanId(), error.parentId());
    }
  }
}
