package com.jstverify.tracing.scope;

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
      delegate.execute(TracingTasks.runnable(context, command));
    } catch (RuntimeException | Error e) {
      context.discard(); // the task will never run
      throw e;
    }
  }

  @Override
  public String toString() {
    return "TracingExecutor{" + delegate + "}";
  }
}
