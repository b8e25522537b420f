package com.jstverify.tracing.testbed.active_span_replacement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testbed.Await;
import com.jstverify.tracing.testbed.ScopeManagers;
import com.jstverify.tracing.testbed.Sleep;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@SuppressWarnings("try") // scopes opened only for their side effect
class ActiveSpanReplacementTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void test(Supplier<ScopeManager> scopeManager) {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);

    // An isolated span, finished by a task on another thread that has its own span.
    Span span = tracer.buildSpan("initial").start();
    try (Scope scope = tracer.scopeManager().activate(span)) {
      submitAnotherTask(tracer, span);
    }

    Await.until(Duration.ofSeconds(15), () -> tracer.finishedSpans().size() == 3);

    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(3, spans.size());
    assertEquals("initial", spans.get(0).operationName());
    assertEquals("subtask", spans.get(1).operationName());
    assertEquals("task", spans.get(2).operationName());

    // task and subtask share a trace, and subtask is task's child.
    assertEquals(spans.get(1).traceId(), spans.get(2).traceId());
    assertEquals(spans.get(2).spanId(), spans.get(1).parentId());

    // initial has nothing to do with them.
    assertNotEquals(spans.get(0).traceId(), spans.get(1).traceId());
    assertNull(spans.get(0).parentId());

    assertNull(tracer.scopeManager().activeSpan());
  }

  private void submitAnotherTask(TestTracer tracer, Span initialSpan) {
    executor.submit(
        () -> {
          Span taskSpan = tracer.buildSpan("task").start();
          try (Scope scope = tracer.scopeManager().activate(taskSpan)) {
            // Work that belongs to the initial span: make it active for a while, then finish it.
            try (Scope initialScope = tracer.scopeManager().activate(initialSpan)) {
              Sleep.millis(50);
            } finally {
              initialSpan.finish();
            }

            // The task's span is active again: a new span becomes its child.
            Span subTaskSpan = tracer.buildSpan("subtask").start();
            try (Scope subTaskScope = tracer.scopeManager().activate(subTaskSpan)) {
              // nothing to do
            } finally {
              subTaskSpan.finish();
            }
          } finally {
            taskSpan.finish();
          }
        });
  }
}
