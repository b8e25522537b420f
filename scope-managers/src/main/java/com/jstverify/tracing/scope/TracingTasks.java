package com.jstverify.tracing.scope;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Wraps a task so that it runs with what is active now: each method captures the calling
 * thread's context and the returned task restores it while it runs, then puts back what its
 * thread had before, also when the task throws. The function types cover every {@code
 * CompletableFuture} stage.
 *
 * <pre>{@code
 * ScopeManager scopes = tracer.scopeManager();
 * CompletableFuture
 *     .supplyAsync(TracingTasks.supplier(scopes, () -> load()), pool)
 *     .thenApplyAsync(TracingTasks.function(scopes, row -> render(row)), pool);
 * }</pre>
 *
 * <p>Each wrapper captures once, when it is made. With the {@link AutoFinishScopeManager} a
 * wrapper that never runs keeps its span open: capture a {@link CapturedContext} yourself and
 * {@linkplain CapturedContext#discard() discard} it in that case. {@link TracingCompletableFutures}
 * wraps every stage of a future for you.
 */
public final class TracingTasks {
  private TracingTasks() {}

  public static Runnable runnable(ScopeManager scopeManager, Runnable task) {
    requireTask(task);
    return runnable(CapturedContext.capture(scopeManager), task);
  }

  public static <V> Callable<V> callable(ScopeManager scopeManager, Callable<V> task) {
    requireTask(task);
    return callable(CapturedContext.capture(scopeManager), task);
  }

  public static <T> Supplier<T> supplier(ScopeManager scopeManager, Supplier<T> task) {
    requireTask(task);
    return supplier(CapturedContext.capture(scopeManager), task);
  }

  public static <T, R> Function<T, R> function(ScopeManager scopeManager, Function<T, R> task) {
    requireTask(task);
    return function(CapturedContext.capture(scopeManager), task);
  }

  public static <T> Consumer<T> consumer(ScopeManager scopeManager, Consumer<T> task) {
    requireTask(task);
    return consumer(CapturedContext.capture(scopeManager), task);
  }

  public static <T, U, R> BiFunction<T, U, R> biFunction(
      ScopeManager scopeManager, BiFunction<T, U, R> task) {
    requireTask(task);
    return biFunction(CapturedContext.capture(scopeManager), task);
  }

  public static <T, U> BiConsumer<T, U> biConsumer(
      ScopeManager scopeManager, BiConsumer<T, U> task) {
    requireTask(task);
    return biConsumer(CapturedContext.capture(scopeManager), task);
  }

  // The same wrappers around a context captured by the caller (executors, futures). The task is
  // checked before capturing, so that a null task never takes an auto-finish reference.

  static Runnable runnable(CapturedContext context, Runnable task) {
    return () -> {
      Scope scope = context.restore();
      try {
        task.run();
      } finally {
        scope.close();
      }
    };
  }

  static <V> Callable<V> callable(CapturedContext context, Callable<V> task) {
    return () -> {
      Scope scope = context.restore();
      try {
        return task.call();
      } finally {
        scope.close();
      }
    };
  }

  static <T> Supplier<T> supplier(CapturedContext context, Supplier<? extends T> task) {
    return () -> {
      Scope scope = context.restore();
      try {
        return task.get();
      } finally {
        scope.close();
      }
    };
  }

  static <T, R> Function<T, R> function(
      CapturedContext context, Function<? super T, ? extends R> task) {
    return t -> {
      Scope scope = context.restore();
      try {
        return task.apply(t);
      } finally {
        scope.close();
      }
    };
  }

  static <T> Consumer<T> consumer(CapturedContext context, Consumer<? super T> task) {
    return t -> {
      Scope scope = context.restore();
      try {
        task.accept(t);
      } finally {
        scope.close();
      }
    };
  }

  static <T, U, R> BiFunction<T, U, R> biFunction(
      CapturedContext context, BiFunction<? super T, ? super U, ? extends R> task) {
    return (t, u) -> {
      Scope scope = context.restore();
      try {
        return task.apply(t, u);
      } finally {
        scope.close();
      }
    };
  }

  static <T, U> BiConsumer<T, U> biConsumer(
      CapturedContext context, BiConsumer<? super T, ? super U> task) {
    return (t, u) -> {
      Scope scope = context.restore();
      try {
        task.accept(t, u);
      } finally {
        scope.close();
      }
    };
  }

  static void requireTask(Object task) {
    if (task == null) throw new NullPointerException("task == null");
  }
}
