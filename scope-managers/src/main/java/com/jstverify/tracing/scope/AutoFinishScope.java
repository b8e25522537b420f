package com.jstverify.tracing.scope;

import io.opentracing.Span;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scope of the {@link AutoFinishScopeManager}: it holds a reference to its span and releases
 * it on close; the span finishes when the last reference goes.
 *
 * <pre>{@code
 * AutoFinishScope.Continuation continuation = scope.capture(); // one more reference
 * }</pre>
 */
public final class AutoFinishScope extends ScopeStack.Frame {
  private final AutoFinishScopeManager manager;
  private final AtomicInteger references; // null: this scope holds no reference

  AutoFinishScope(
      AutoFinishScopeManager manager, Span span, AtomicInteger references, boolean boundary) {
    super(manager.stack, span, boundary);
    this.manager = manager;
    this.references = references;
  }

  /** The span this scope made active. */
  public Span span() {
    return span;
  }

  /** A continuation holding one more reference to this scope's span. */
  public Continuation capture() {
    return new Continuation(manager, span, acquire(references) ? references : null);
  }

  // Never revives a count that reached zero: that span has finished, a late capture of a closed
  // scope must not finish it a second time.
  private static boolean acquire(AtomicInteger references) {
    if (references == null) return false;
    for (int n = references.get(); n > 0; n = references.get()) {
      if (references.compareAndSet(n, n + 1)) return true;
    }
    return false;
  }

  @Override
  public void close() {
    if (stack.pop(this) && references != null) release(span, references);
  }

  static void release(Span span, AtomicInteger references) {
    if (references.decrementAndGet() == 0) span.finish();
  }

  /**
   * One reference to a span, to activate on another thread later. The first activation takes the
   * reference over; later ones (a periodic task) make the span active without holding one.
   */
  public static final class Continuation extends CapturedContext {
    private final AutoFinishScopeManager manager;
    private final Span span;
    private final AtomicInteger references;
    private final AtomicBoolean used = new AtomicBoolean();

    Continuation(AutoFinishScopeManager manager, Span span, AtomicInteger references) {
      this.manager = manager;
      this.span = span;
      this.references = references;
    }

    /** Makes the span active on this thread; closing the scope releases the reference. */
    public AutoFinishScope activate() {
      AtomicInteger taken = used.compareAndSet(false, true) ? references : null;
      return manager.stack.push(new AutoFinishScope(manager, span, taken, true));
    }

    @Override
    public AutoFinishScope restore() {
      return activate();
    }

    @Override
    public Span activeSpan() {
      return span;
    }

    /** Releases the reference without activating: the task will never run. */
    @Override
    public void discard() {
      if (references != null && used.compareAndSet(false, true)) release(span, references);
    }

    @Override
    boolean holdsReference() {
      return references != null && !used.get();
    }

    @Override
    public String toString() {
      return "Continuation{" + span + "}";
    }
  }
}
