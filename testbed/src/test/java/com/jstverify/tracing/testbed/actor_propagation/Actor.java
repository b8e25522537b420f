package com.jstverify.tracing.testbed.actor_propagation;

import io.opentracing.References;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Phaser;

/**
 * An actor with a mailbox served by two threads. Each message remembers the span active when it
 * was sent and is received in a consumer span that follows from it. The phaser lines only make
 * the test deterministic: they let the test look at the finished spans at fixed points.
 */
@SuppressWarnings("try") // scopes opened only for their side effect
final class Actor implements AutoCloseable {
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final Tracer tracer;
  private final Phaser phaser;

  Actor(Tracer tracer, Phaser phaser) {
    this.tracer = tracer;
    this.phaser = phaser;
  }

  @Override
  public void close() {
    executor.shutdown();
  }

  /** Fire and forget. */
  void tell(String message) {
    Span sender = tracer.scopeManager().activeSpan();
    phaser.register();
    executor.submit(
        () -> {
          Span received = receivedSpan(sender);
          try (Scope scope = tracer.activateSpan(received)) {
            phaser.arriveAndAwaitAdvance(); // received span started
            received.log("received " + message);
            phaser.arriveAndAwaitAdvance(); // the test counted the finished spans
          } finally {
            received.finish();
          }
          phaser.arriveAndAwaitAdvance(); // received span finished
          phaser.arriveAndAwaitAdvance(); // the test counted again
        });
  }

  /** Request and reply. */
  Future<String> ask(String message) {
    Span sender = tracer.scopeManager().activeSpan();
    phaser.register();
    return executor.submit(
        () -> {
          Span received = receivedSpan(sender);
          try {
            phaser.arriveAndAwaitAdvance(); // received span started
            phaser.arriveAndAwaitAdvance(); // the test counted the finished spans
            return "received " + message;
          } finally {
            received.finish();
            phaser.arriveAndAwaitAdvance(); // received span finished
            phaser.arriveAndAwaitAdvance(); // the test counted again
          }
        });
  }

  private Span receivedSpan(Span sender) {
    return tracer
        .buildSpan("received")
        .addReference(References.FOLLOWS_FROM, sender.context())
        .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CONSUMER)
        .start();
  }
}
