package com.jstverify.tracing.scope;

import io.opentracing.ScopeManager;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Wraps an executor so that every task runs with the context of the thread that submitted it:
 * captured on submit, restored while the task runs, the worker's previous context put back
 * after, also when the task throws. A rejected task gives its context back at once.
 *
 * <pre>{@code
 * ExecutorService pool = TracingExecutors.wrap(tracer.scopeManager(), Executors.newFixedThreadPool(4));
 * try (Scope scope = tracer.activateSpan(request)) {
 *   pool.submit(() -> tracer.buildSpan("child").start().finish()); // a child of request
 * }
 * }</pre>
 *
 * <p>Works with any {@link ScopeManager}. Pass a wrapped executor to {@code CompletableFuture}'s
 * {@code *Async} methods and each stage runs with the context of the thread that completed the
 * stage before it; {@link TracingCompletableFutures} pins every stage to the context where it was
 * declared instead.
 *
 * <p>{@code shutdownNow()} returns each task given to {@code execute} as the caller's own {@code
 * Runnable}, as the JDK's executors do.
 *
 * <p>With the {@link AutoFinishScopeManager}, a task holds its span open until it has run. A task
 * that never runs gives it back when it is rejected, cancelled through the future these methods
 * return, left out by {@code invokeAny} or a timed-out {@code invokeAll}, or returned by {@code
 * shutdownNow()} after {@code execute}. One the executor drops on its own (a submitted task, which
 * {@code shutdownNow()} returns as the executor's own future, or a periodic task cancelled by
 * {@code shutdown()}) cannot be seen from here: its span stays open.
 */
public final class TracingExecutors {
  private TracingExecutors() {}

  public static Executor wrap(ScopeManager scopeManager, Executor delegate) {
    return new TracingExecutor(requireScopeManager(scopeManager), requireDelegate(delegate));
  }

  public static ExecutorService wrap(ScopeManager scopeManager, ExecutorService delegate) {
    return new TracingExecutorService(requireScopeManager(scopeManager), requireDelegate(delegate));
  }

  public static ScheduledExecutorService wrap(
      ScopeManager scopeManager, ScheduledExecutorService delegate) {
    return new TracingScheduledExecutorService(
        requireScopeManager(scopeManager), requireDelegate(delegate));
  }

  private static ScopeManager requireScopeManager(ScopeManager scopeManager) {
    if (scopeManager == null) throw new NullPointerException("scopeManager == null");
    return scopeManager;
  }

  private static <E> E requireDelegate(E delegate) {
    if (delegate == null) throw new NullPointerException("delegate == null");
    return delegate;
  }
}
