package com.jstverify.tracing.scope;

import io.opentracing.Scope;
import io.opentracing.Span;

/**
 * One thread-local stack of activations: the state behind every scope manager of this package.
 * The rules for misuse live here so that all managers agree on them:
 *
 * <ul>
 *   <li>closed on another thread: ignored (another thread's thread-local is out of reach);
 *   <li>closed twice: ignored;
 *   <li>closed out of order: the active scope stays; the closed one is skipped later;
 *   <li>a <em>boundary</em> (a context restored around a task) closes whatever the task left
 *       open above it, so a pool thread always comes back to what it had before the task.
 * </ul>
 *
 * Each case is counted and logged at FINE, never thrown.
 */
final class ScopeStack {
  private final ThreadLocal<Frame> top = new ThreadLocal<>();
  private final MisuseCounter misuse;

  ScopeStack(MisuseCounter misuse) {
    this.misuse = misuse;
  }

  /** The innermost open activation on this thread, or {@code null}. */
  Frame top() {
    return top.get();
  }

  Span activeSpan() {
    Frame frame = top.get();
    return frame == null ? null : frame.span;
  }

  Frame push(Span span, boolean boundary) {
    return push(new Frame(this, span, boundary));
  }

  <F extends Frame> F push(F frame) {
    top.set(frame);
    return frame;
  }

  /**
   * Closes {@code frame}. Returns true when this call closed it (first close, on its own thread),
   * even out of order: the caller may then release what the scope held.
   */
  boolean pop(Frame frame) {
    if (Thread.currentThread() != frame.owner) {
      misuse.record("scope closed on a thread other than the one that activated it", frame.span);
      return false;
    }
    if (frame.closed) {
      misuse.record("scope closed twice", frame.span);
      return false;
    }
    frame.closed = true;
    Frame current = top.get();
    if (current != frame) {
      if (!frame.boundary || !isOnStack(frame, current)) {
        misuse.record("scope closed out of order; the active scope is kept", frame.span);
        return true;
      }
      misuse.record("a task left scopes open; they are dropped with its context", current.span);
    }
    Frame restore = frame.toRestore;
    while (restore != null && restore.closed) restore = restore.toRestore;
    if (restore == null) {
      top.remove(); // leave nothing behind on pooled threads
    } else {
      top.set(restore);
    }
    return true;
  }

  private static boolean isOnStack(Frame frame, Frame from) {
    for (Frame f = from; f != null; f = f.toRestore) {
      if (f == frame) return true;
    }
    return false;
  }

  /** One activation: the span, what to restore after it, and the thread that owns it. */
  static class Frame implements Scope {
    final ScopeStack stack;
    final Span span;
    final Frame toRestore;
    final Thread owner;
    final boolean boundary;
    boolean closed; // read and written only on the owner thread

    Frame(ScopeStack stack, Span span, boolean boundary) {
      this.stack = stack;
      this.span = span;
      this.toRestore = stack.top.get();
      this.owner = Thread.currentThread();
      this.boundary = boundary;
    }

    @Override
    public void close() {
      stack.pop(this);
    }
  }
}
