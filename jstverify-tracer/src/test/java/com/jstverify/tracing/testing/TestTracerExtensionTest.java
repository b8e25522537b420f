package com.jstverify.tracing.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.util.GlobalTracer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestTracerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TestTracerExtensionTest {

  @Test
  @Order(1)
  void globalTracerSpans_landInTheInjectedTracer(TestTracer tracer) {
    GlobalTracer.get().buildSpan("instrumented-code").start().finish();

    assertEquals(1, tracer.finishedSpans().size());
    assertEquals("instrumented-code", tracer.finishedSpans().get(0).operationName());
  }

  @Test
  @Order(2)
  void eachTest_getsAFreshTracer(TestTracer tracer) {
    assertTrue(tracer.finishedSpans().isEmpty(), "nothing left over from the previous test");
    GlobalTracer.get().buildSpan("second").start().finish();
    assertEquals(1, tracer.finishedSpans().size());
  }

  @Test
  @Order(3)
  void finishedSpans_areAvailableAsWireJson(TestTracer tracer) {
    tracer.buildSpan("json").withTag("component", "test").start().finish();
    String json = tracer.finishedSpansJson();
    assertTrue(json.startsWith("[{\"traceId\":\""), json);
    assertTrue(json.contains("\"operationName\":\"json\""), json);
    tracer.reset();
    assertEquals("[]", tracer.finishedSpansJson());
  }
}
