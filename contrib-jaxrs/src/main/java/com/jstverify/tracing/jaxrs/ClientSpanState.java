package com.jstverify.tracing.jaxrs;

import io.opentracing.Span;
import io.opentracing.tag.Tags;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One client call's span, kept in a request property until the response filter or, on a failed
 * call, Jersey's post-invocation interceptor finishes it (whichever comes first, once).
 */
final class ClientSpanState {
  static final String PROPERTY = ClientSpanState.class.getName();

  private static final Logger LOG = Logger.getLogger(ClientSpanState.class.getName());

  final Span span;
  private final AtomicBoolean finished = new AtomicBoolean();

  ClientSpanState(Span span) {
    this.span = span;
  }

  /** Tags the status (when > 0) and the error, and finishes the span once. */
  void finish(int status, Throwable error) {
    if (!finished.compareAndSet(false, true)) return;
    try {
      if (status > 0) Tags.HTTP_STATUS.set(span, status);
      if (status >= 500 || error != null) Tags.ERROR.set(span, true);
      if (error != null) span.log(ServerSpanState.errorFields(error));
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "tagging the client span failed", e);
    }
    try {
      span.finish();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "finishing the client span failed", e);
    }
  }
}
