package com.jstverify.tracing.testbed.stateless_common_request_handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testbed.ScopeManagers;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.ScopeManager;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One handler per client; the before and after calls of a request run on the same thread, so
 * the active span carries the request from one to the other.
 */
class HandlerTest {

  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void requests(Supplier<ScopeManager> scopeManager) throws Exception {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    try (Client client = new Client(new RequestHandler(tracer))) {
      Future<String> responseFuture = client.send("message");
      Future<String> responseFuture2 = client.send("message2");
      Future<String> responseFuture3 = client.send("message3");

      assertEquals("message3:response", responseFuture3.get(5, TimeUnit.SECONDS));
      assertEquals("message2:response", responseFuture2.get(5, TimeUnit.SECONDS));
      assertEquals("message:response", responseFuture.get(5, TimeUnit.SECONDS));
    }

    List<JstVerifySpan> finished = tracer.finishedSpans();
    assertEquals(3, finished.size());
  }
}
