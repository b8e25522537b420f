package com.jstverify.tracing.scope;

import io.opentracing.ScopeManager;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@link TracingExecutors#wrap(ScopeManager, ExecutorService)}. */
class TracingExecutorService extends TracingExecutor implements ExecutorService {
  private final ExecutorService delegate;

  // execute(Runnable) is TracingExecutor's: capture on submit, discard if rejected.
  TracingExecutorService(ScopeManager scopeManager, ExecutorService delegate) {
    super(scopeManager, delegate);
    this.delegate = delegate;
  }

  @Override
  public Future<?> submit(Runnable task) {
    if (task == null) throw new NullPointerException("task == null");
    CapturedContext context = CapturedContext.capture(scopeManager);
    try {
      return ReleasingFuture.of(delegate.submit(TracingTasks.runnable(context, task)), context);
    } catch (RuntimeException | Error e) {
      context.discard();
      throw e;
    }
  }

  @Override
  public <T> Future<T> submit(Runnable task, T result) {
    if (task == null) throw new NullPointerException("task == null");
    CapturedContext context = CapturedContext.capture(scopeManager);
    try {
      return ReleasingFuture.of(
          delegate.submit(TracingTasks.runnable(context, task), result), context);
    } catch (RuntimeException | Error e) {
      context.discard();
      throw e;
    }
  }

  @Override
  public <T> Future<T> submit(Callable<T> task) {
    if (task == null) throw new NullPointerException("task == null");
    CapturedContext context = CapturedContext.capture(scopeManager);
    try {
      return ReleasingFuture.of(delegate.submit(TracingTasks.callable(context, task)), context);
    } catch (RuntimeException | Error e) {
      context.discard();
      throw e;
    }
  }

  @Override
  public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks)
      throws InterruptedException {
    List<CapturedContext> contexts = new ArrayList<>(tasks.size());
    try {
      return delegate.invokeAll(wrapAll(tasks, contexts));
    } finally {
      discardAll(contexts);
    }
  }

  @Override
  public <T> List<Future<T>> invokeAll(
      Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException {
    List<CapturedContext> contexts = new ArrayList<>(tasks.size());
    try {
      return delegate.invokeAll(wrapAll(tasks, contexts), timeout, unit);
    } finally {
      discardAll(contexts);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
      throws InterruptedException, ExecutionException {
    List<CapturedContext> contexts = new ArrayList<>(tasks.size());
    try {
      return delegate.invokeAny(wrapAll(tasks, contexts));
    } finally {
      discardAll(contexts);
    }
  }

  @Override
  public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    List<CapturedContext> contexts = new ArrayList<>(tasks.size());
    try {
      return delegate.invokeAny(wrapAll(tasks, contexts), timeout, unit);
    } finally {
      discardAll(contexts);
    }
  }

  // One capture per task: an auto-finish continuation is one reference, used by one task.
  private <T> List<Callable<T>> wrapAll(
      Collection<? extends Callable<T>> tasks, List<CapturedContext> contexts) {
    if (tasks == null) throw new NullPointerException("tasks == null");
    List<Callable<T>> wrapped = new ArrayList<>(tasks.size());
    for (Callable<T> task : tasks) {
      if (task == null) {
        discardAll(contexts);
        throw new NullPointerException("tasks contains null");
      }
      CapturedContext context = CapturedContext.capture(scopeManager);
      contexts.add(context);
      wrapped.add(TracingTasks.callable(context, task));
    }
    return wrapped;
  }

  // On return every task has completed or been cancelled (the ExecutorService contract), also
  // when invoke* throws: the contexts of tasks that never ran are given back. A context its task
  // used is left alone by discard().
  private static void discardAll(List<CapturedContext> contexts) {
    for (CapturedContext context : contexts) context.discard();
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  /**
   * The delegate's {@code shutdownNow()}, with each task given to {@code execute} returned as the
   * caller's own {@code Runnable} (as the JDK's executors return it), its captured context given
   * back. Submitted and scheduled tasks come back as the delegate made them (its futures).
   */
  @Override
  public List<Runnable> shutdownNow() {
    List<Runnable> neverRan = delegate.shutdownNow();
    List<Runnable> asSubmitted = new ArrayList<>(neverRan.size());
    for (Runnable task : neverRan) {
      asSubmitted.add(
          task instanceof ExecutedTask ? ((ExecutedTask) task).unwrapDiscarding() : task);
    }
    return asSubmitted;
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }

  @Override
  public String toString() {
    return "TracingExecutorService{" + delegate + "}";
  }
}
