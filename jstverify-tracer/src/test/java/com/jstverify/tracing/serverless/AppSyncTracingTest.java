package com.jstverify.tracing.serverless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

class AppSyncTracingTest {
  private final TestTracer tracer = TestTracer.create();

  @Test
  void aCheckedExceptionThrownUndeclared_isRethrownAsItIs_andMarksTheSpanAsAnError() {
    // Lombok's @SneakyThrows and Kotlin throw checked exceptions through a BiFunction.
    Exception checked = new Exception("checked, thrown undeclared");
    BiFunction<Map<String, Object>, Object, Object> resolver =
        AppSyncTracing.wrap(tracer.tracer(), (e, c) -> throwUndeclared(checked));

    Throwable thrown =
        assertThrows(Exception.class, () -> resolver.apply(Fixtures.event("appsync.json"), null));

    assertSame(checked, thrown);
    assertEquals(1, tracer.finishedSpans().size(), tracer.metrics().toString());
    JstVerifySpan span = tracer.finishedSpans().get(0);
    assertEquals("Query.listUsers", span.operationName());
    assertTrue(span.isError(), span.tags().toString());
    assertSame(checked, span.logEntries().get(0).fields().get("error.object"));
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> Object throwUndeclared(Throwable t) throws T {
    throw (T) t;
  }
}
