package com.jstverify.tracing.scope;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;

/**
 * Keeps the active span in a thread-local stack of scopes: {@link #activate} pushes, closing the
 * scope pops back to the span that was active before. Works with spans of any tracer; the
 * JstVerify tracer's default.
 *
 * <p>Misuse never corrupts the stack: a scope closed twice, closed out of order or closed on
 * another thread is counted ({@link #misuseCount()}), logged at FINE, and otherwise ignored; a
 * scope closed out of order is skipped when the scopes above it close.
 *
 * <pre>{@code
 * try (Scope scope = tracer.activateSpan(span)) {
 *   // tracer.activeSpan() == span here
 * }
 * }</pre>
 */
public final class ThreadLocalScopeManager implements ScopeManager, CapturingScopeManager {
  private final MisuseCounter misuse = new MisuseCounter(ThreadLocalScopeManager.class);
  private final ScopeStack stack = new ScopeStack(misuse);

  @Override
  public Scope activate(Span span) {
    return stack.push(span, false);
  }

  @Override
  public Span activeSpan() {
    return stack.activeSpan();
  }

  /**
   * The active span, to be {@linkplain CapturedContext#restore() restored} around a task on
   * another thread.
   */
  @Override
  public CapturedContext capture() {
    return new ActiveSpan(stack, stack.activeSpan());
  }

  /** How many scopes were closed twice, out of order, on another thread, or left open by a task. */
  public long misuseCount() {
    return misuse.count();
  }

  private static final class ActiveSpan extends CapturedContext {
    private final ScopeStack stack;
    private final Span span;

    ActiveSpan(ScopeStack stack, Span span) {
      this.stack = stack;
      this.span = span;
    }

    @Override
    public Span activeSpan() {
      return span;
    }

    @Override
    public Scope restore() {
      return stack.push(span, true);
    }

    @Override
    public String toString() {
      return "CapturedContext{" + span + "}";
    }
  }
}
