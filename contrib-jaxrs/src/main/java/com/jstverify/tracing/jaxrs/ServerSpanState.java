package com.jstverify.tracing.jaxrs;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.tag.Tags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One traced request's server span, kept in a request property between the request filter, the
 * response filter and (on Jersey) the entity writer interceptor and the event listener. Each of
 * those may be the one that closes the scope or finishes the span, so both happen at most once.
 */
final class ServerSpanState {
  /** The request property holding this state. */
  static final String PROPERTY = ServerSpanState.class.getName();

  private static final Logger LOG = Logger.getLogger(ServerSpanState.class.getName());

  final Span span;
  final Relay.Request relay;
  private final Thread activatedOn;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile Scope scope;
  private volatile Throwable exception;
  /** The status of the response whose entity the span waits for; 0 while it waits for none. */
  private volatile int entityStatus;
  private volatile Throwable entityFailure;

  ServerSpanState(Span span, Scope scope, Relay.Request relay) {
    this.span = span;
    this.scope = scope;
    this.relay = relay;
    this.activatedOn = Thread.currentThread();
  }

  /**
   * Closes the scope if this is the thread that opened it. On another thread (an async resource
   * resumed elsewhere) closing would corrupt that thread's scope stack; there the scope is left
   * to the thread that opened it.
   */
  void closeScope() {
    Scope s = scope;
    if (s == null || Thread.currentThread() != activatedOn) return;
    scope = null;
    try {
      s.close();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "closing the server scope failed", e);
    }
  }

  /** Remembers the exception the resource threw, to log it if the response turns out an error. */
  void recordException(Throwable t) {
    if (t != null && exception == null) exception = t;
  }

  /**
   * Leaves the span open until the entity of the response with this status is written ({@link
   * #entityWritten}): a writer that fails turns the response into another one.
   */
  void finishAfterEntity(int status) {
    entityStatus = status;
  }

  /** The awaited entity is written: finishes the span with its response's status. */
  void entityWritten() {
    int status = entityStatus;
    if (status > 0) finish(status, null);
  }

  /** The entity writer threw: the span stays open for the response the client gets instead. */
  void entityFailed(Throwable t) {
    recordException(t);
    if (entityFailure == null) entityFailure = t;
  }

  /** The exception of a failed entity writer, or null. */
  Throwable entityFailure() {
    return entityFailure;
  }

  /**
   * Tags the status and finishes the span, once; false when it was already finished. A status
   * >= 500 is an error, with the resource's exception logged when one was seen.
   */
  boolean finish(int status, Throwable unmapped) {
    if (!finished.compareAndSet(false, true)) return false;
    try {
      if (status > 0) Tags.HTTP_STATUS.set(span, status);
      Throwable error = unmapped != null ? unmapped : exception;
      if (status >= 500 || unmapped != null) {
        Tags.ERROR.set(span, true);
        if (error != null) span.log(errorFields(error));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "tagging the server span failed", e);
    }
    try {
      span.finish();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "finishing the server span failed", e);
    }
    return true;
  }

  static Map<String, Object> errorFields(Throwable t) {
    Map<String, Object> fields = new LinkedHashMap<>(8);
    fields.put("event", Tags.ERROR.getKey());
    fields.put("error.object", t);
    fields.put("error.kind", t.getClass().getName());
    if (t.getMessage() != null) fields.put("message", t.getMessage());
    return fields;
  }
}
