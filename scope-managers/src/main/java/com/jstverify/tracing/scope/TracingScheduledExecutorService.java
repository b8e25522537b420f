package com.jstverify.tracing.scope;

import io.opentracing.ScopeManager;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@link TracingExecutors#wrap(ScopeManager, ScheduledExecutorService)}. A periodic task restores
 * the same captured context on every run.
 */
final class TracingScheduledExecutorService extends TracingExecutorService
    implements ScheduledExecutorService {
  private final ScheduledExecutorService delegate;

  TracingScheduledExecutorService(ScopeManager scopeManager, ScheduledExecutorService delegate) {
    super(scopeManager, delegate);
    this.delegate = delegate;
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    if (command == null) throw new NullPointerException("command == null");
    CapturedContext context = CapturedContext.capture(scopeManager);
    try {
      return ReleasingFuture.of(
          delegate.schedule(TracingTasks.runnable(context, command), delay, unit), context);
    } catch (RuntimeException | Error e) {
      context.discard();
      throw e;
    }
  }

  @Override
  public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
    if (callable == null) throw new NullPointerException("callable == null");
    CapturedContext context = CapturedContext.capture(scopeManager);
    try {
      return ReleasingFuture.of(
          delegate.schedule(TracingTasks.callable(context, callable), delay, unit), context);
    } catch (RuntimeException | Error e) {
      context.discard();
      throw e;
    }
  }

  @Override
  public ScheduledFuture<?> scheduleAtFixedRate(
      Runnable command, long initialDelay, long period, TimeUnit unit) {
    if (command == null) throw new NullPointerException("command == null");
    CapturedContext context = CapturedContext.capture(scopeManager);
    try {
      return ReleasingFuture.of(
          delegate.scheduleAtFixedRate(
              TracingTasks.runnable(context, command), initialDelay, period, unit),
          context);
    } catch (RuntimeException | Error e) {
      context.discard();
      throw e;
    }
  }

  @Override
  public ScheduledFuture<?> scheduleWithFixedDelay(
      Runnable command, long initialDelay, long delay, TimeUnit unit) {
    if (command == null) throw new NullPointerException("command == null");
    CapturedContext context = CapturedContext.capture(scopeManager);
    try {
      return ReleasingFuture.of(
          delegate.scheduleWithFixedDelay(
              TracingTasks.runnable(context, command), initialDelay, delay, unit),
          context);
    } catch (RuntimeException | Error e) {
      context.discard();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "TracingScheduledExecutorService{" + delegate + "}";
  }
}
