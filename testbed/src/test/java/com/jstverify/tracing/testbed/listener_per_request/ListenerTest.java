package com.jstverify.tracing.testbed.listener_per_request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testbed.ScopeManagers;
import com.jstverify.tracing.testbed.Spans;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.ScopeManager;
import io.opentracing.tag.Tags;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ListenerTest {

  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void test(Supplier<ScopeManager> scopeManager) throws Exception {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    try (Client client = new Client(tracer)) {
      Object response = client.send("message").get(15, TimeUnit.SECONDS);
      assertEquals("message:response", response);
    }

    List<JstVerifySpan> finished = tracer.finishedSpans();
    assertEquals(1, finished.size());
    assertNotNull(Spans.oneByTag(finished, Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT));
    assertNull(tracer.scopeManager().activeSpan());
  }
}
