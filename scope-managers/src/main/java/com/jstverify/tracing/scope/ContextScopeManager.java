package com.jstverify.tracing.scope;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;

/**
 * Keeps the active span in an immutable context that code captures and restores explicitly:
 * the Java counterpart of Python's {@code contextvars}. {@link #activate} makes a new context
 * current on this thread; {@link #capture()} returns the current one, which any thread may
 * {@linkplain CapturedContext#restore() restore} as often as it likes, since nothing in it ever
 * changes.
 *
 * <pre>{@code
 * ContextScopeManager scopes = new ContextScopeManager();
 * CapturedContext context = scopes.capture();           // on submit
 * executor.execute(() -> {
 *   try (Scope scope = context.restore()) { ... }     // on run; the previous context after
 * });
 * }</pre>
 *
 * <p>Closing a restored context always brings the thread back to the context it had before,
 * even when the task left scopes open or threw. Misuse (a scope closed twice, out of order or on
 * another thread) is counted ({@link #misuseCount()}), logged at FINE and otherwise ignored.
 */
public final class ContextScopeManager implements ScopeManager, CapturingScopeManager {
  private final MisuseCounter misuse = new MisuseCounter(ContextScopeManager.class);
  private final ScopeStack stack = new ScopeStack(misuse);
  private final Context empty = new Context(this, null);

  @Override
  public Scope activate(Span span) {
    return stack.push(new ContextFrame(stack, new Context(this, span), false));
  }

  @Override
  public Span activeSpan() {
    return stack.activeSpan();
  }

  /** The current context of this thread; an empty one when no span is active. */
  @Override
  public CapturedContext capture() {
    ScopeStack.Frame top = stack.top();
    return top == null ? empty : ((ContextFrame) top).context;
  }

  /** How many scopes were closed twice, out of order, on another thread, or left open by a task. */
  public long misuseCount() {
    return misuse.count();
  }

  Scope attach(Context context) {
    return stack.push(new ContextFrame(stack, context, true));
  }

  /** The immutable context: today just the active span. */
  private static final class Context extends CapturedContext {
    private final ContextScopeManager manager;
    private final Span span;

    Context(ContextScopeManager manager, Span span) {
      this.manager = manager;
      this.span = span;
    }

    @Override
    public Span activeSpan() {
      return span;
    }

    @Override
    public Scope restore() {
      return manager.attach(this);
    }

    @Override
    public String toString() {
      return "Context{" + span + "}";
    }
  }

  /** A frame that remembers the context it made current, so capturing allocates nothing. */
  private static final class ContextFrame extends ScopeStack.Frame {
    final Context context;

    ContextFrame(ScopeStack stack, Context context, boolean boundary) {
      super(stack, context.span, boundary);
      this.context = context;
    }
  }
}
