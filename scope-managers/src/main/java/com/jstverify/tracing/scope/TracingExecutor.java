package com.jstverify.tracing.scope;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import java.util.concurrent.Executor;

/** {@link TracingExecutors#wrap(ScopeManager, Executor)}. */
class TracingExecutor implements Executor {
  final ScopeManager scopeManager;
  private final Executor delegate;

  TracingExecutor(ScopeManager scopeManager, Executor delegate) {
    this.scopeManager = scopeManager;
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable command) {
    if (command == null) throw new NullPointerException("command == null");
    CapturedContext context = CapturedContext.capture(scopeManager);
    try {
      delegate.execute(new ExecutedTask(context, command));
    } catch (RuntimeException | Error e) {
      context.discard(); // the task will never run
      throw e;
    }
  }

  @Override
  public String toString() {
    return "TracingExecutor{" + delegate + "}";
  }

  /**
   * A task given to {@link #execute}, run in its captured context. A named type rather than a
   * lambda so that {@code shutdownNow()} can hand the caller's own task back.
   */
  static final class ExecutedTask implements Runnable {
    private final CapturedContext context;
    private final Runnable task;

    ExecutedTask(CapturedContext context, Runnable task) {
      this.context = context;
      this.task = task;
    }

    // TracingTasks.runnable's body, without a second object per task.
    @Override
    public void run() {
      Scope scope = context.restore();
      try {
        task.run();
      } finally {
        scope.close();
      }
    }

    /** The task as it was submitted, its context given back: it will not run in it any more. */
    Runnable unwrapDiscarding() {
      context.discard();
      return task;
    }

    @Override
    public String toString() {
      return task.toString();
    }
  }
}
