package com.jstverify.tracing.scope;

import io.opentracing.ScopeManager;
import io.opentracing.Span;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scope manager for callback-style code that finishes spans itself: a span activated here
 * finishes when its scope and every {@linkplain AutoFinishScope.Continuation continuation}
 * captured from it have closed, whichever thread closes last.
 *
 * <pre>{@code
 * AutoFinishScopeManager scopes = new AutoFinishScopeManager();
 * try (AutoFinishScope scope = scopes.activate(span)) {
 *   AutoFinishScope.Continuation continuation = scope.capture();
 *   executor.execute(() -> {
 *     try (Scope resumed = continuation.activate()) { ... } // the span finishes here, if last
 *   });
 * }
 * }</pre>
 *
 * <p>Do not also call {@code finish()} on such a span. Misuse (a scope closed twice, out of
 * order or on another thread) is counted ({@link #misuseCount()}), logged at FINE and otherwise
 * ignored; a scope closed out of order still releases its reference.
 */
public final class AutoFinishScopeManager implements ScopeManager, CapturingScopeManager {
  private final MisuseCounter misuse = new MisuseCounter(AutoFinishScopeManager.class);
  final ScopeStack stack = new ScopeStack(misuse);

  /**
   * Activates {@code span} holding one reference to it: the span finishes with its last one. A
   * {@code null} span makes no span active until the scope closes, and holds nothing.
   */
  @Override
  public AutoFinishScope activate(Span span) {
    // activate(null) comes from e.g. tracer.activateSpan(tracer.activeSpan()) with nothing
    // active: there is nothing to finish, and counting references to it would finish null.
    AtomicInteger references = span == null ? null : new AtomicInteger(1);
    return stack.push(new AutoFinishScope(this, span, references, false));
  }

  @Override
  public Span activeSpan() {
    return stack.activeSpan();
  }

  /** The innermost open scope of this thread, or {@code null}. */
  public AutoFinishScope active() {
    return (AutoFinishScope) stack.top();
  }

  /**
   * A continuation of the active scope, holding a reference to its span; with nothing active, a
   * continuation that activates no span.
   */
  @Override
  public AutoFinishScope.Continuation capture() {
    AutoFinishScope active = active();
    return active == null ? new AutoFinishScope.Continuation(this, null, null) : active.capture();
  }

  /** How many scopes were closed twice, out of order, on another thread, or left open by a task. */
  public long misuseCount() {
    return misuse.count();
  }
}
