package com.jstverify.tracing.scope;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps the active span in a thread-local stack of scopes: {@link #activate} pushes, closing the
 * scope pops back to the span that was active before. Works with spans of any tracer.
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
public final class ThreadLocalScopeManager implements ScopeManager {
  private static final Logger LOG = Logger.getLogger(ThreadLocalScopeManager.class.getName());

  private final ThreadLocal<ThreadLocalScope> current = new ThreadLocal<>();
  private final LongAdder misuse = new LongAdder();

  @Override
  public Scope activate(Span span) {
    ThreadLocalScope scope = new ThreadLocalScope(span, current.get(), Thread.currentThread());
    current.set(scope);
    return scope;
  }

  @Override
  public Span activeSpan() {
    ThreadLocalScope scope = current.get();
    return scope == null ? null : scope.span;
  }

  /** How many scopes were closed twice, out of order, or on another thread. */
  public long misuseCount() {
    return misuse.sum();
  }

  private void misused(String what, ThreadLocalScope scope) {
    misuse.increment();
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine(what + " (span " + scope.span + "); the scope stack is left intact");
    }
  }

  private final class ThreadLocalScope implements Scope {
    final Span span;
    final ThreadLocalScope toRestore;
    final Thread owner;
    boolean closed; // only read and written by the owner thread, except the misuse check

    ThreadLocalScope(Span span, ThreadLocalScope toRestore, Thread owner) {
      this.span = span;
      this.toRestore = toRestore;
      this.owner = owner;
    }

    @Override
    public void close() {
      if (Thread.currentThread() != owner) {
        // Another thread's thread-local cannot be touched from here; leave it to the owner.
        misused("scope closed on a thread other than the one that activated it", this);
        return;
      }
      if (closed) {
        misused("scope closed twice", this);
        return;
      }
      closed = true;
      if (current.get() != this) {
        // Out of order: keep the active scope; this one is skipped when the ones above close.
        misused("scope closed out of order", this);
        return;
      }
      ThreadLocalScope restore = toRestore;
      while (restore != null && restore.closed) restore = restore.toRestore;
      if (restore == null) {
        current.remove();
      } else {
        current.set(restore);
      }
    }
  }
}
