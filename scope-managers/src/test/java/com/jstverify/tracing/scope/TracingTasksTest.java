package com.jstverify.tracing.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@SuppressWarnings("try") // scopes opened only for their side effect
class TracingTasksTest {
  private final Span span = new FakeSpan("declaring");

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void everyWrapper_runsWithTheSpanActiveWhenWrapped(ScopeManagerKind kind) throws Exception {
    ScopeManager scopeManager = kind.create();
    AtomicReference<Span> seen = new AtomicReference<>();
    Runnable runnable;
    Callable<Span> callable;
    Supplier<Span> supplier;
    Function<String, Span> function;
    Consumer<String> consumer;
    BiFunction<String, String, Span> biFunction;
    BiConsumer<String, String> biConsumer;
    try (Scope scope = scopeManager.activate(span)) {
      runnable = TracingTasks.runnable(scopeManager, () -> seen.set(scopeManager.activeSpan()));
      callable = TracingTasks.callable(scopeManager, scopeManager::activeSpan);
      supplier = TracingTasks.supplier(scopeManager, scopeManager::activeSpan);
      function = TracingTasks.function(scopeManager, s -> scopeManager.activeSpan());
      consumer = TracingTasks.consumer(scopeManager, s -> seen.set(scopeManager.activeSpan()));
      biFunction = TracingTasks.biFunction(scopeManager, (s, t) -> scopeManager.activeSpan());
      biConsumer =
          TracingTasks.biConsumer(scopeManager, (s, t) -> seen.set(scopeManager.activeSpan()));
    }

    OnThread.run(
        () -> {
          runnable.run();
          assertSame(span, seen.getAndSet(null));
          assertSame(span, callable.call());
          assertSame(span, supplier.get());
          assertSame(span, function.apply("x"));
          consumer.accept("x");
          assertSame(span, seen.getAndSet(null));
          assertSame(span, biFunction.apply("x", "y"));
          biConsumer.accept("x", "y");
          assertSame(span, seen.getAndSet(null));
          assertNull(scopeManager.activeSpan(), "each wrapper put the thread back");
        });
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void wrapper_taskThrows_threadIsPutBack(ScopeManagerKind kind) throws Exception {
    ScopeManager scopeManager = kind.create();
    Supplier<Span> failing;
    try (Scope scope = scopeManager.activate(span)) {
      failing =
          TracingTasks.supplier(
              scopeManager,
              () -> {
                throw new IllegalStateException("task failed");
              });
    }
    OnThread.run(
        () -> {
          assertThrows(IllegalStateException.class, failing::get);
          assertNull(scopeManager.activeSpan());
        });
  }

  @Test
  void nullTask_isRejectedBeforeCapturing() {
    AutoFinishScopeManager scopeManager = new AutoFinishScopeManager();
    FakeSpan owned = new FakeSpan("owned");
    try (Scope scope = scopeManager.activate(owned)) {
      NullPointerException e =
          assertThrows(
              NullPointerException.class, () -> TracingTasks.runnable(scopeManager, null));
      assertEquals("task == null", e.getMessage());
    }
    assertEquals(1, owned.finishCount(), "no reference was left behind");
  }
}
