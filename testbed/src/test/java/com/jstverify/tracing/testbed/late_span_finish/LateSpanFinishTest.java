package com.jstverify.tracing.testbed.late_span_finish;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testbed.ScopeManagers;
import com.jstverify.tracing.testbed.Sleep;
import com.jstverify.tracing.testbed.Spans;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@SuppressWarnings("try") // scopes opened only for their side effect
class LateSpanFinishTest {

  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void test(Supplier<ScopeManager> scopeManager) throws Exception {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    ExecutorService executor = Executors.newCachedThreadPool();

    // A span started by hand, parent of two subtasks, and not active anywhere yet.
    Span parentSpan = tracer.buildSpan("parent").start();
    submitTasks(tracer, executor, parentSpan);

    // Wait for the pool to be done rather than polling.
    executor.shutdown();
    executor.awaitTermination(15, TimeUnit.SECONDS);

    // Only now finish the parent.
    parentSpan.finish();

    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(3, spans.size());
    // The tasks run at once, sleeping 55 and 85 ms: which finishes first is up to the scheduler.
    assertEquals(
        List.of("task1", "task2"),
        List.of(spans.get(0).operationName(), spans.get(1).operationName()).stream()
            .sorted()
            .collect(Collectors.toList()));
    assertEquals("parent", spans.get(2).operationName());

    Spans.assertSameTrace(spans);
    assertNull(tracer.scopeManager().activeSpan());
  }

  /** Subtasks given a parent whose lifetime is not tied to theirs at all. */
  private static void submitTasks(TestTracer tracer, ExecutorService executor, Span parentSpan) {
    executor.submit(() -> subtask(tracer, parentSpan, "task1", 55));
    executor.submit(() -> subtask(tracer, parentSpan, "task2", 85));
  }

  private static void subtask(TestTracer tracer, Span parentSpan, String name, long millis) {
    // Activating the parent here is one way; passing it to asChildOf() is another.
    try (Scope scope = tracer.scopeManager().activate(parentSpan)) {
      Span childSpan = tracer.buildSpan(name).start();
      try (Scope childScope = tracer.scopeManager().activate(childSpan)) {
        Sleep.millis(millis);
      } finally {
        childSpan.finish();
      }
    }
  }
}
