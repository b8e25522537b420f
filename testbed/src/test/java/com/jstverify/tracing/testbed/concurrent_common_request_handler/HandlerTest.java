package com.jstverify.tracing.testbed.concurrent_common_request_handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One handler per client, its methods run concurrently on reused pool threads: the active span
 * means nothing there, so the question is how a request's span gets the right parent.
 */
@SuppressWarnings("try") // scopes opened only for their side effect
class HandlerTest {

  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void twoRequests(Supplier<ScopeManager> scopeManager) throws Exception {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    try (Client client = new Client(new RequestHandler(tracer))) {
      Future<String> responseFuture = client.send("message");
      Future<String> responseFuture2 = client.send("message2");

      assertEquals("message:response", responseFuture.get(15, TimeUnit.SECONDS));
      assertEquals("message2:response", responseFuture2.get(15, TimeUnit.SECONDS));
    }

    List<JstVerifySpan> finished = tracer.finishedSpans();
    assertEquals(2, finished.size());
    for (JstVerifySpan span : finished) {
      assertEquals(Tags.SPAN_KIND_CLIENT, span.tag(Tags.SPAN_KIND.getKey()));
    }
    assertNotEquals(finished.get(0).traceId(), finished.get(1).traceId());
    assertNull(finished.get(0).parentId());
    assertNull(finished.get(1).parentId());
    assertNull(tracer.scopeManager().activeSpan());
  }

  /** The span active when the request is sent is not picked up by the handler. */
  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void parentNotPickedUp(Supplier<ScopeManager> scopeManager) throws Exception {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    try (Client client = new Client(new RequestHandler(tracer))) {
      Span parentSpan = tracer.buildSpan("parent").start();
      try (Scope parentScope = tracer.activateSpan(parentSpan)) {
        String response = client.send("no_parent").get(15, TimeUnit.SECONDS);
        assertEquals("no_parent:response", response);
      } finally {
        parentSpan.finish();
      }
    }

    List<JstVerifySpan> finished = tracer.finishedSpans();
    assertEquals(2, finished.size());
    JstVerifySpan child = Spans.oneByOperationName(finished, RequestHandler.OPERATION_NAME);
    assertNotNull(child);
    JstVerifySpan parent = Spans.oneByOperationName(finished, "parent");
    assertNotNull(parent);

    // The parent was active when the request was sent, yet the child is not its child.
    assertNotEquals(parent.spanId(), child.parentId());
  }

  /**
   * A bad solution: the parent is fixed per handler, so every request of the client gets it,
   * also those sent long after that parent ended.
   */
  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void badSolutionToSetParent(Supplier<ScopeManager> scopeManager) throws Exception {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    Client client;
    Span parentSpan = tracer.buildSpan("parent").start();
    try (Scope parentScope = tracer.activateSpan(parentSpan)) {
      client = new Client(new RequestHandler(tracer, parentSpan.context()));
      String response = client.send("correct_parent").get(15, TimeUnit.SECONDS);
      assertEquals("correct_parent:response", response);
    } finally {
      parentSpan.finish();
    }

    // Nothing is active now, yet this request gets the old parent.
    String response = client.send("wrong_parent").get(15, TimeUnit.SECONDS);
    assertEquals("wrong_parent:response", response);
    client.close();

    List<JstVerifySpan> finished = tracer.finishedSpans();
    assertEquals(3, finished.size());
    Spans.sortByStartMicros(finished);

    JstVerifySpan parent = Spans.oneByOperationName(finished, "parent");
    assertNotNull(parent);
    // The first request is rightly the parent's child...
    assertEquals(parent.spanId(), finished.get(1).parentId());
    // ...and the second wrongly is too.
    assertEquals(parent.spanId(), finished.get(2).parentId());
  }
}
