package com.jstverify.tracing.scope;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;

/**
 * What was active on one thread, captured to be restored on another: capture when a task is
 * submitted, restore when it runs, close the returned scope when it ends.
 *
 * <pre>{@code
 * CapturedContext context = CapturedContext.capture(tracer.scopeManager());
 * executor.execute(() -> {
 *   try (Scope scope = context.restore()) {
 *     tracer.buildSpan("child").start().finish(); // a child of the submitter's active span
 *   }
 * });
 * }</pre>
 *
 * <p>Works with any {@link ScopeManager}. With the managers of this package, closing the
 * restored scope always brings the thread back to what it had before, even when the task left
 * scopes open; with another manager it closes the one activation it made. {@link
 * TracingExecutors}, {@link TracingTasks} and {@link TracingCompletableFutures} do all this for
 * you.
 */
public abstract class CapturedContext {
  private static final Scope NOTHING_ACTIVATED = () -> {};

  CapturedContext() {}

  /** Captures what is active now on the calling thread. */
  public static CapturedContext capture(ScopeManager scopeManager) {
    if (scopeManager == null) throw new NullPointerException("scopeManager == null");
    if (scopeManager instanceof CapturingScopeManager) {
      return ((CapturingScopeManager) scopeManager).capture();
    }
    return new ForeignSpan(scopeManager, scopeManager.activeSpan());
  }

  /** The span that was active when this was captured, or {@code null}. */
  public abstract Span activeSpan();

  /**
   * Makes the captured state active on the calling thread until the returned scope is closed
   * (on this thread). With nothing captured, managers of this package make no span active for
   * the duration, whatever the thread had.
   */
  public abstract Scope restore();

  /**
   * Tells the context it will never be restored, e.g. because its task was rejected: an
   * auto-finish span stops waiting for it. Does nothing on contexts that hold no reference.
   */
  public void discard() {}

  /** Whether this context still holds a reference that {@link #discard()} would give back. */
  boolean holdsReference() {
    return false;
  }

  /** Any other scope manager: all we can carry is its active span. */
  private static final class ForeignSpan extends CapturedContext {
    private final ScopeManager scopeManager;
    private final Span span;

    ForeignSpan(ScopeManager scopeManager, Span span) {
      this.scopeManager = scopeManager;
      this.span = span;
    }

    @Override
    public Span activeSpan() {
      return span;
    }

    @Override
    public Scope restore() {
      // Not every scope manager accepts activate(null): with nothing captured, activate nothing.
      return span == null ? NOTHING_ACTIVATED : scopeManager.activate(span);
    }

    @Override
    public String toString() {
      return "CapturedContext{" + span + "}";
    }
  }
}
