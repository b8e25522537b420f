package com.jstverify.tracing.scope;

import io.opentracing.ScopeManager;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The future behind {@link TracingCompletableFutures}: each stage method captures the caller's
 * context and wraps the stage's function to restore it; {@link #newIncompleteFuture()} makes
 * every derived future one of these too.
 */
final class ContextCompletableFuture<T> extends CompletableFuture<T> {
  private final ScopeManager scopeManager;

  ContextCompletableFuture(ScopeManager scopeManager) {
    this.scopeManager = scopeManager;
  }

  @Override
  public <U> CompletableFuture<U> newIncompleteFuture() {
    return new ContextCompletableFuture<>(scopeManager);
  }

  // ---- completion from a supplier ----

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier, Executor executor) {
    CapturedContext context = capture(supplier);
    try {
      // Tracked like a stage: a future completed before its supplier ran (cancel, orTimeout,
      // completeOnTimeout, complete) skips the supplier, which then never restores its context.
      return track(
          super.completeAsync(TracingTasks.supplier(context, supplier), executor), context);
    } catch (RuntimeException | Error e) {
      context.discard(); // rejected: the supplier will never run
      throw e;
    }
  }

  @Override
  public CompletableFuture<T> completeAsync(Supplier<? extends T> supplier) {
    return completeAsync(supplier, defaultExecutor());
  }

  // ---- one source ----

  @Override
  public <U> CompletableFuture<U> thenApply(Function<? super T, ? extends U> fn) {
    CapturedContext context = capture(fn);
    return track(super.thenApply(TracingTasks.function(context, fn)), context);
  }

  @Override
  public <U> CompletableFuture<U> thenApplyAsync(Function<? super T, ? extends U> fn) {
    CapturedContext context = capture(fn);
    return track(super.thenApplyAsync(TracingTasks.function(context, fn)), context);
  }

  @Override
  public <U> CompletableFuture<U> thenApplyAsync(
      Function<? super T, ? extends U> fn, Executor executor) {
    CapturedContext context = capture(fn, executor);
    return track(super.thenApplyAsync(TracingTasks.function(context, fn), executor), context);
  }

  @Override
  public CompletableFuture<Void> thenAccept(Consumer<? super T> action) {
    CapturedContext context = capture(action);
    return track(super.thenAccept(TracingTasks.consumer(context, action)), context);
  }

  @Override
  public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action) {
    CapturedContext context = capture(action);
    return track(super.thenAcceptAsync(TracingTasks.consumer(context, action)), context);
  }

  @Override
  public CompletableFuture<Void> thenAcceptAsync(Consumer<? super T> action, Executor executor) {
    CapturedContext context = capture(action, executor);
    return track(
        super.thenAcceptAsync(TracingTasks.consumer(context, action), executor), context);
  }

  @Override
  public CompletableFuture<Void> thenRun(Runnable action) {
    CapturedContext context = capture(action);
    return track(super.thenRun(TracingTasks.runnable(context, action)), context);
  }

  @Override
  public CompletableFuture<Void> thenRunAsync(Runnable action) {
    CapturedContext context = capture(action);
    return track(super.thenRunAsync(TracingTasks.runnable(context, action)), context);
  }

  @Override
  public CompletableFuture<Void> thenRunAsync(Runnable action, Executor executor) {
    CapturedContext context = capture(action, executor);
    return track(super.thenRunAsync(TracingTasks.runnable(context, action), executor), context);
  }

  @Override
  public <U> CompletableFuture<U> thenCompose(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    CapturedContext context = capture(fn);
    return track(super.thenCompose(TracingTasks.function(context, fn)), context);
  }

  @Override
  public <U> CompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn) {
    CapturedContext context = capture(fn);
    return track(super.thenComposeAsync(TracingTasks.function(context, fn)), context);
  }

  @Override
  public <U> CompletableFuture<U> thenComposeAsync(
      Function<? super T, ? extends CompletionStage<U>> fn, Executor executor) {
    CapturedContext context = capture(fn, executor);
    return track(super.thenComposeAsync(TracingTasks.function(context, fn), executor), context);
  }

  @Override
  public <U> CompletableFuture<U> handle(BiFunction<? super T, Throwable, ? extends U> fn) {
    CapturedContext context = capture(fn);
    return track(super.handle(TracingTasks.biFunction(context, fn)), context);
  }

  @Override
  public <U> CompletableFuture<U> handleAsync(BiFunction<? super T, Throwable, ? extends U> fn) {
    CapturedContext context = capture(fn);
    return track(super.handleAsync(TracingTasks.biFunction(context, fn)), context);
  }

  @Override
  public <U> CompletableFuture<U> handleAsync(
      BiFunction<? super T, Throwable, ? extends U> fn, Executor executor) {
    CapturedContext context = capture(fn, executor);
    return track(super.handleAsync(TracingTasks.biFunction(context, fn), executor), context);
  }

  @Override
  public CompletableFuture<T> whenComplete(BiConsumer<? super T, ? super Throwable> action) {
    CapturedContext context = capture(action);
    return track(super.whenComplete(TracingTasks.biConsumer(context, action)), context);
  }

  @Override
  public CompletableFuture<T> whenCompleteAsync(BiConsumer<? super T, ? super Throwable> action) {
    CapturedContext context = capture(action);
    return track(super.whenCompleteAsync(TracingTasks.biConsumer(context, action)), context);
  }

  @Override
  public CompletableFuture<T> whenCompleteAsync(
      BiConsumer<? super T, ? super Throwable> action, Executor executor) {
    CapturedContext context = capture(action, executor);
    return track(
        super.whenCompleteAsync(TracingTasks.biConsumer(context, action), executor), context);
  }

  @Override
  public CompletableFuture<T> exceptionally(Function<Throwable, ? extends T> fn) {
    CapturedContext context = capture(fn);
    return track(super.exceptionally(TracingTasks.function(context, fn)), context);
  }

  // ---- the failure stages Java 12 added ----
  // Compiled for Java 11, where CompletableFuture has no such methods: on Java 12 and later these
  // override the JDK's (same names and descriptors). Built as CompletionStage's default methods
  // are, from handle and thenCompose: a normal result passes straight through.

  /** Java 12's {@code exceptionallyAsync}, with {@code fn} run in the declaring context. */
  public CompletableFuture<T> exceptionallyAsync(Function<Throwable, ? extends T> fn) {
    return exceptionallyAsync(fn, defaultExecutor());
  }

  /** Java 12's {@code exceptionallyAsync}, with {@code fn} run in the declaring context. */
  public CompletableFuture<T> exceptionallyAsync(
      Function<Throwable, ? extends T> fn, Executor executor) {
    CapturedContext context = capture(fn, executor);
    Function<Throwable, ? extends T> recover = TracingTasks.function(context, fn);
    return track(
        onFailure(error -> super.handleAsync((result, e) -> recover.apply(e), executor)), context);
  }

  /** Java 12's {@code exceptionallyCompose}, with {@code fn} run in the declaring context. */
  public CompletableFuture<T> exceptionallyCompose(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    CapturedContext context = capture(fn);
    return track(onFailure(TracingTasks.function(context, fn)), context);
  }

  /** Java 12's {@code exceptionallyComposeAsync}, with {@code fn} run in the declaring context. */
  public CompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn) {
    return exceptionallyComposeAsync(fn, defaultExecutor());
  }

  /** Java 12's {@code exceptionallyComposeAsync}, with {@code fn} run in the declaring context. */
  public CompletableFuture<T> exceptionallyComposeAsync(
      Function<Throwable, ? extends CompletionStage<T>> fn, Executor executor) {
    CapturedContext context = capture(fn, executor);
    Function<Throwable, ? extends CompletionStage<T>> recover = TracingTasks.function(context, fn);
    return track(
        onFailure(
            error ->
                flatten(super.handleAsync((result, e) -> recover.apply(e), executor))),
        context);
  }

  /** This future's result, or the stage {@code recover} makes from its failure. */
  private CompletableFuture<T> onFailure(
      Function<Throwable, ? extends CompletionStage<T>> recover) {
    // super: our own handle would capture (and track) again; recover carries its context.
    return flatten(
        super.handle((result, error) -> error == null ? this : recover.apply(error)));
  }

  /** Completes as the stage {@code nested} completes with, as thenCompose(identity) does. */
  private static <U> CompletableFuture<U> flatten(
      CompletableFuture<? extends CompletionStage<U>> nested) {
    return ((ContextCompletableFuture<? extends CompletionStage<U>>) nested).composeUntraced();
  }

  @SuppressWarnings("unchecked")
  private <U> CompletableFuture<U> composeUntraced() {
    return super.thenCompose(stage -> (CompletionStage<U>) stage);
  }

  // ---- two sources ----

  @Override
  public <U, V> CompletableFuture<V> thenCombine(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    CapturedContext context = capture(other, fn);
    return track(super.thenCombine(other, TracingTasks.biFunction(context, fn)), context);
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other, BiFunction<? super T, ? super U, ? extends V> fn) {
    CapturedContext context = capture(other, fn);
    return track(super.thenCombineAsync(other, TracingTasks.biFunction(context, fn)), context);
  }

  @Override
  public <U, V> CompletableFuture<V> thenCombineAsync(
      CompletionStage<? extends U> other,
      BiFunction<? super T, ? super U, ? extends V> fn,
      Executor executor) {
    CapturedContext context = capture(other, fn, executor);
    return track(
        super.thenCombineAsync(other, TracingTasks.biFunction(context, fn), executor), context);
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBoth(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    CapturedContext context = capture(other, action);
    return track(super.thenAcceptBoth(other, TracingTasks.biConsumer(context, action)), context);
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other, BiConsumer<? super T, ? super U> action) {
    CapturedContext context = capture(other, action);
    return track(
        super.thenAcceptBothAsync(other, TracingTasks.biConsumer(context, action)), context);
  }

  @Override
  public <U> CompletableFuture<Void> thenAcceptBothAsync(
      CompletionStage<? extends U> other,
      BiConsumer<? super T, ? super U> action,
      Executor executor) {
    CapturedContext context = capture(other, action, executor);
    return track(
        super.thenAcceptBothAsync(other, TracingTasks.biConsumer(context, action), executor),
        context);
  }

  @Override
  public CompletableFuture<Void> runAfterBoth(CompletionStage<?> other, Runnable action) {
    CapturedContext context = capture(other, action);
    return track(super.runAfterBoth(other, TracingTasks.runnable(context, action)), context);
  }

  @Override
  public CompletableFuture<Void> runAfterBothAsync(CompletionStage<?> other, Runnable action) {
    CapturedContext context = capture(other, action);
    return track(super.runAfterBothAsync(other, TracingTasks.runnable(context, action)), context);
  }

  @Override
  public CompletableFuture<Void> runAfterBothAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    CapturedContext context = capture(other, action, executor);
    return track(
        super.runAfterBothAsync(other, TracingTasks.runnable(context, action), executor),
        context);
  }

  @Override
  public <U> CompletableFuture<U> applyToEither(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    CapturedContext context = capture(other, fn);
    return track(super.applyToEither(other, TracingTasks.function(context, fn)), context);
  }

  @Override
  public <U> CompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn) {
    CapturedContext context = capture(other, fn);
    return track(super.applyToEitherAsync(other, TracingTasks.function(context, fn)), context);
  }

  @Override
  public <U> CompletableFuture<U> applyToEitherAsync(
      CompletionStage<? extends T> other, Function<? super T, U> fn, Executor executor) {
    CapturedContext context = capture(other, fn, executor);
    return track(
        super.applyToEitherAsync(other, TracingTasks.function(context, fn), executor), context);
  }

  @Override
  public CompletableFuture<Void> acceptEither(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    CapturedContext context = capture(other, action);
    return track(super.acceptEither(other, TracingTasks.consumer(context, action)), context);
  }

  @Override
  public CompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action) {
    CapturedContext context = capture(other, action);
    return track(super.acceptEitherAsync(other, TracingTasks.consumer(context, action)), context);
  }

  @Override
  public CompletableFuture<Void> acceptEitherAsync(
      CompletionStage<? extends T> other, Consumer<? super T> action, Executor executor) {
    CapturedContext context = capture(other, action, executor);
    return track(
        super.acceptEitherAsync(other, TracingTasks.consumer(context, action), executor),
        context);
  }

  @Override
  public CompletableFuture<Void> runAfterEither(CompletionStage<?> other, Runnable action) {
    CapturedContext context = capture(other, action);
    return track(super.runAfterEither(other, TracingTasks.runnable(context, action)), context);
  }

  @Override
  public CompletableFuture<Void> runAfterEitherAsync(CompletionStage<?> other, Runnable action) {
    CapturedContext context = capture(other, action);
    return track(
        super.runAfterEitherAsync(other, TracingTasks.runnable(context, action)), context);
  }

  @Override
  public CompletableFuture<Void> runAfterEitherAsync(
      CompletionStage<?> other, Runnable action, Executor executor) {
    CapturedContext context = capture(other, action, executor);
    return track(
        super.runAfterEitherAsync(other, TracingTasks.runnable(context, action), executor),
        context);
  }

  // ---- internals ----

  private CapturedContext capture(Object task) {
    TracingTasks.requireTask(task); // before capturing: a null task must take no reference
    return CapturedContext.capture(scopeManager);
  }

  // The JDK checks these after we capture: a stage it refuses to declare must take no reference.
  private CapturedContext capture(Object task, Executor executor) {
    if (executor == null) throw new NullPointerException("executor == null");
    return capture(task);
  }

  private CapturedContext capture(CompletionStage<?> other, Object task) {
    if (other == null) throw new NullPointerException("other == null");
    return capture(task);
  }

  private CapturedContext capture(CompletionStage<?> other, Object task, Executor executor) {
    if (other == null) throw new NullPointerException("other == null");
    return capture(task, executor);
  }

  /**
   * A stage skipped because an earlier one failed never restores its context; an auto-finish
   * reference it holds is given back when the stage completes, run or skipped.
   */
  private static <U> CompletableFuture<U> track(
      CompletableFuture<U> stage, CapturedContext context) {
    if (context.holdsReference() && stage instanceof ContextCompletableFuture) {
      ((ContextCompletableFuture<U>) stage).discardWhenDone(context);
    }
    return stage;
  }

  private void discardWhenDone(CapturedContext context) {
    // super: our own whenComplete would capture (and track) again.
    super.whenComplete((result, error) -> context.discard());
  }
}
