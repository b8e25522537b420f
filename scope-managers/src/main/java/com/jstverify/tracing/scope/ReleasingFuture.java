package com.jstverify.tracing.scope;

import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The future of a submitted task, which gives the task's captured context back when a cancel
 * stops the task before it ran: an auto-finish span then stops waiting for a task that will never
 * run. Only contexts that hold such a reference are wrapped; other futures are returned as the
 * executor made them.
 */
class ReleasingFuture<V> implements Future<V> {
  private final Future<V> delegate;
  private final CapturedContext context;

  ReleasingFuture(Future<V> delegate, CapturedContext context) {
    this.delegate = delegate;
    this.context = context;
  }

  static <V> Future<V> of(Future<V> delegate, CapturedContext context) {
    return context.holdsReference() ? new ReleasingFuture<>(delegate, context) : delegate;
  }

  static <V> ScheduledFuture<V> of(ScheduledFuture<V> delegate, CapturedContext context) {
    return context.holdsReference() ? new Scheduled<>(delegate, context) : delegate;
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = delegate.cancel(mayInterruptIfRunning);
    // A task that already ran has used its context, and discard() leaves a used one alone.
    if (cancelled) context.discard();
    return cancelled;
  }

  @Override
  public boolean isCancelled() {
    return delegate.isCancelled();
  }

  @Override
  public boolean isDone() {
    return delegate.isDone();
  }

  @Override
  public V get() throws InterruptedException, ExecutionException {
    return delegate.get();
  }

  @Override
  public V get(long timeout, TimeUnit unit)
      throws InterruptedException, ExecutionException, TimeoutException {
    return delegate.get(timeout, unit);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }

  /** The same for a scheduled task, periodic ones included (cancelled before their first run). */
  static final class Scheduled<V> extends ReleasingFuture<V> implements ScheduledFuture<V> {
    private final ScheduledFuture<V> delegate;

    Scheduled(ScheduledFuture<V> delegate, CapturedContext context) {
      super(delegate, context);
      this.delegate = delegate;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return delegate.getDelay(unit);
    }

    @Override
    public int compareTo(Delayed other) {
      // Executors compare their own futures with one another: compare what this one wraps.
      return delegate.compareTo(other instanceof Scheduled ? ((Scheduled<?>) other).delegate : other);
    }
  }
}
