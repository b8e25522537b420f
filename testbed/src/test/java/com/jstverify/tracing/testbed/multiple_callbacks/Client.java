package com.jstverify.tracing.testbed.multiple_callbacks;

import com.jstverify.tracing.scope.AutoFinishScope;
import com.jstverify.tracing.scope.AutoFinishScopeManager;
import com.jstverify.tracing.testbed.Sleep;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Sends each message on a pool thread, continuing the caller's span: the continuation taken at
 * send time keeps that span open until the callback has run.
 */
@SuppressWarnings("try") // scopes opened only for their side effect
final class Client implements AutoCloseable {
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Tracer tracer;

  Client(Tracer tracer) {
    this.tracer = tracer;
  }

  Future<Object> send(Object message, long milliseconds) {
    AutoFinishScope.Continuation continuation =
        ((AutoFinishScopeManager) tracer.scopeManager()).capture();
    return executor.submit(
        () -> {
          try (Scope parentScope = continuation.activate()) {
            Span span = tracer.buildSpan("subtask").start();
            // No finish(): the auto-finish scope finishes the subtask when it closes.
            try (Scope subtaskScope = tracer.activateSpan(span)) {
              Sleep.millis(milliseconds); // the work
            }
          }
          return message + "::response";
        });
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
