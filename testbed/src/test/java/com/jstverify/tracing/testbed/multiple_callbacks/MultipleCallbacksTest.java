package com.jstverify.tracing.testbed.multiple_callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.scope.AutoFinishScopeManager;
import com.jstverify.tracing.testbed.Await;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.Span;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes opened only for their side effect
class MultipleCallbacksTest {
  private final TestTracer tracer = TestTracer.create(b -> b.scopeManager(new AutoFinishScopeManager()));

  @Test
  void test() {
    try (Client client = new Client(tracer)) {
      Span span = tracer.buildSpan("parent").start();
      try (Scope scope = tracer.activateSpan(span)) {
        client.send("task1", 300);
        client.send("task2", 200);
        client.send("task3", 100);
      }

      Await.until(Duration.ofSeconds(15), () -> tracer.finishedSpans().size() == 4);
    }

    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(4, spans.size());
    assertEquals("parent", spans.get(3).operationName(), "the parent finishes last");

    JstVerifySpan parentSpan = spans.get(3);
    for (int i = 0; i < 3; i++) {
      assertTrue(parentSpan.finishMicros() >= spans.get(i).finishMicros());
      assertEquals(parentSpan.traceId(), spans.get(i).traceId());
      assertEquals(parentSpan.spanId(), spans.get(i).parentId());
    }
    assertNull(tracer.scopeManager().activeSpan());
  }
}
