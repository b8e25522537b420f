package com.jstverify.tracing.testbed.actor_propagation;

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
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The phaser steps match the ones in {@link Actor}; read past them for the pattern itself. */
@SuppressWarnings("try") // scopes opened only for their side effect
class ActorPropagationTest {
  private final Phaser phaser = new Phaser();

  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void actorTell(Supplier<ScopeManager> scopeManager) {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    try (Actor actor = new Actor(tracer, phaser)) {
      phaser.register();
      Span parent = producerSpan(tracer, "actorTell");
      try (Scope scope = tracer.activateSpan(parent)) {
        actor.tell("my message 1");
        actor.tell("my message 2");
      } finally {
        parent.finish();
      }
      phaser.arriveAndAwaitAdvance(); // received spans started
      assertEquals(1, tracer.finishedSpans().size()); // only the sender's so far
      phaser.arriveAndAwaitAdvance();

      phaser.arriveAndAwaitAdvance(); // received spans finished
      assertEquals(3, tracer.finishedSpans().size());
      assertEquals(2, consumers(tracer.finishedSpans()).size());
      phaser.arriveAndDeregister();

      assertFinishedTrace(tracer);
    }
  }

  @ParameterizedTest
  @MethodSource(ScopeManagers.ALL)
  void actorAsk(Supplier<ScopeManager> scopeManager) throws Exception {
    TestTracer tracer = ScopeManagers.tracer(scopeManager);
    try (Actor actor = new Actor(tracer, phaser)) {
      phaser.register();
      Future<String> future1;
      Future<String> future2;
      Span span = producerSpan(tracer, "actorAsk");
      try (Scope scope = tracer.activateSpan(span)) {
        future1 = actor.ask("my message 1");
        future2 = actor.ask("my message 2");
      } finally {
        span.finish();
      }
      phaser.arriveAndAwaitAdvance(); // received spans started
      assertEquals(1, tracer.finishedSpans().size());
      phaser.arriveAndAwaitAdvance();

      phaser.arriveAndAwaitAdvance(); // received spans finished
      assertEquals(3, tracer.finishedSpans().size());
      assertEquals(2, consumers(tracer.finishedSpans()).size());
      phaser.arriveAndDeregister();

      assertEquals("received my message 1", future1.get());
      assertEquals("received my message 2", future2.get());
      assertFinishedTrace(tracer);
    }
  }

  private static Span producerSpan(TestTracer tracer, String operationName) {
    return tracer
        .buildSpan(operationName)
        .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_PRODUCER)
        .withTag(Tags.COMPONENT.getKey(), "example-actor")
        .start();
  }

  private static List<JstVerifySpan> consumers(List<JstVerifySpan> spans) {
    return Spans.byTag(spans, Tags.SPAN_KIND, Tags.SPAN_KIND_CONSUMER);
  }

  private static void assertFinishedTrace(TestTracer tracer) {
    List<JstVerifySpan> finished = tracer.finishedSpans();
    assertEquals(3, finished.size());
    JstVerifySpan producer = Spans.oneByTag(finished, Tags.SPAN_KIND, Tags.SPAN_KIND_PRODUCER);
    assertNotNull(producer);
    List<JstVerifySpan> consumers = consumers(finished);
    assertEquals(2, consumers.size());
    // Each message's span follows from the sender's, in its trace.
    for (JstVerifySpan consumer : consumers) {
      assertEquals(producer.traceId(), consumer.traceId());
      assertEquals(producer.spanId(), consumer.parentId());
    }
    assertNull(tracer.scopeManager().activeSpan());
  }
}
