package com.jstverify.tracing.testbed.promise_propagation;

import io.opentracing.References;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A minimal promise. It remembers the span active when it was made; each callback runs on the
 * context's pool in its own span that follows from that one.
 */
@SuppressWarnings("try") // scopes opened only for their side effect
final class Promise<T> {
  private final PromiseContext context;
  private final Tracer tracer;
  private final Span parentSpan;
  private final List<Consumer<T>> successCallbacks = new ArrayList<>();
  private final List<Consumer<Throwable>> errorCallbacks = new ArrayList<>();

  Promise(PromiseContext context, Tracer tracer) {
    this.context = context;
    this.tracer = tracer;
    this.parentSpan = tracer.scopeManager().activeSpan();
  }

  void onSuccess(Consumer<T> callback) {
    successCallbacks.add(callback);
  }

  void onError(Consumer<Throwable> callback) {
    errorCallbacks.add(callback);
  }

  void success(T result) {
    for (Consumer<T> callback : successCallbacks) runCallback("success", () -> callback.accept(result));
  }

  void error(Throwable error) {
    for (Consumer<Throwable> callback : errorCallbacks) runCallback("error", () -> callback.accept(error));
  }

  private void runCallback(String outcome, Runnable callback) {
    context.submit(
        () -> {
          Span childSpan =
              tracer
                  .buildSpan(outcome)
                  .addReference(References.FOLLOWS_FROM, parentSpan.context())
                  .withTag(Tags.COMPONENT.getKey(), outcome)
                  .start();
          try (Scope childScope = tracer.activateSpan(childSpan)) {
            callback.run();
          } finally {
            childSpan.finish();
          }
          context.phaser().arriveAndAwaitAdvance(); // span reported
        });
  }
}
