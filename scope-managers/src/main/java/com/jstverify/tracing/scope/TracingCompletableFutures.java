package com.jstverify.tracing.scope;

import io.opentracing.ScopeManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@code CompletableFuture}s whose every stage runs with the context of the thread that declared
 * it: a child span started in {@code thenApply}, {@code thenComposeAsync} or {@code
 * whenComplete} has the span that was active at the call as its parent, whichever thread runs
 * the stage, and the thread gets its own context back afterwards.
 *
 * <pre>{@code
 * try (Scope scope = tracer.activateSpan(request)) {
 *   TracingCompletableFutures.supplyAsync(tracer.scopeManager(), () -> load(), pool)
 *       .thenApplyAsync(row -> render(row), pool)   // runs with request active
 *       .thenAccept(page -> send(page));            // so does this
 * }
 * }</pre>
 *
 * <p>Every future derived from the returned one behaves the same, including, on Java 12 and later,
 * the stages Java 12 added ({@code exceptionallyAsync}, {@code exceptionallyCompose} and {@code
 * exceptionallyComposeAsync}). Not covered: stages of {@code minimalCompletionStage()}; wrap
 * their functions with {@link TracingTasks}. With the {@link
 * AutoFinishScopeManager} each stage holds a reference to the span until it has run or been
 * skipped.
 */
public final class TracingCompletableFutures {
  private TracingCompletableFutures() {}

  /** Like {@link CompletableFuture#supplyAsync(Supplier, Executor)}. */
  public static <T> CompletableFuture<T> supplyAsync(
      ScopeManager scopeManager, Supplier<T> supplier, Executor executor) {
    if (executor == null) throw new NullPointerException("executor == null");
    return new ContextCompletableFuture<T>(requireScopeManager(scopeManager))
        .completeAsync(supplier, executor);
  }

  /** Like {@link CompletableFuture#supplyAsync(Supplier)}: on the common pool. */
  public static <T> CompletableFuture<T> supplyAsync(
      ScopeManager scopeManager, Supplier<T> supplier) {
    return new ContextCompletableFuture<T>(requireScopeManager(scopeManager))
        .completeAsync(supplier);
  }

  /** Like {@link CompletableFuture#runAsync(Runnable, Executor)}. */
  public static CompletableFuture<Void> runAsync(
      ScopeManager scopeManager, Runnable task, Executor executor) {
    TracingTasks.requireTask(task);
    return supplyAsync(scopeManager, asSupplier(task), executor);
  }

  /** Like {@link CompletableFuture#runAsync(Runnable)}: on the common pool. */
  public static CompletableFuture<Void> runAsync(ScopeManager scopeManager, Runnable task) {
    TracingTasks.requireTask(task);
    return supplyAsync(scopeManager, asSupplier(task));
  }

  /**
   * A future that completes as {@code stage} does and whose later stages run with the context of
   * the thread that declares them: for stages handed over by a library.
   */
  public static <T> CompletableFuture<T> wrap(ScopeManager scopeManager, CompletionStage<T> stage) {
    if (stage == null) throw new NullPointerException("stage == null");
    ContextCompletableFuture<T> future =
        new ContextCompletableFuture<>(requireScopeManager(scopeManager));
    stage.whenComplete(
        (result, error) -> {
          if (error != null) {
            future.completeExceptionally(error);
          } else {
            future.complete(result);
          }
        });
    return future;
  }

  private static Supplier<Void> asSupplier(Runnable task) {
    return () -> {
      task.run();
      return null;
    };
  }

  private static ScopeManager requireScopeManager(ScopeManager scopeManager) {
    if (scopeManager == null) throw new NullPointerException("scopeManager == null");
    return scopeManager;
  }
}
