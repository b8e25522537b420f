package com.jstverify.tracing.testbed.nested_callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testbed.Await;
import com.jstverify.tracing.testbed.ScopeManagers;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

@SuppressWarnings("try") // scopes opened only for their side effect
class NestedCallbacksTest {
  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void shutdown() {
    executor.shutdownNow();
  }

  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void test(Supplier<ScopeManager> scopeManager) {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    Span span = tracer.buildSpan("one").start();
    submitCallbacks(tracer, span);

    Await.until(Duration.ofSeconds(15), () -> tracer.finishedSpans().size() == 1);

    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(1, spans.size());
    assertEquals("one", spans.get(0).operationName());

    Map<String, Object> tags = spans.get(0).tags();
    assertEquals(3, tags.size());
    for (int i = 1; i <= 3; i++) {
      assertEquals(Integer.toString(i), tags.get("key" + i));
    }
    assertNull(tracer.scopeManager().activeSpan());
  }

  /** Three callbacks, each submitting the next; each activates the span, the last finishes it. */
  private void submitCallbacks(TestTracer tracer, Span span) {
    executor.submit(
        () -> {
          try (Scope scope = tracer.scopeManager().activate(span)) {
            span.setTag("key1", "1");
            executor.submit(
                () -> {
                  try (Scope scope2 = tracer.scopeManager().activate(span)) {
                    span.setTag("key2", "2");
                    executor.submit(
                        () -> {
                          try (Scope scope3 = tracer.scopeManager().activate(span)) {
                            span.setTag("key3", "3");
                          } finally {
                            span.finish();
                          }
                        });
                  }
                });
          }
        });
  }
}
