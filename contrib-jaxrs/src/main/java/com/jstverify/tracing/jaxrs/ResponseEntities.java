package com.jstverify.tracing.jaxrs;

import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finishes a server span once its response entity is written, so that a span whose entity fails
 * to serialize is not left saying 200. The response filter leaves such spans open on Jersey
 * ({@link ServerSpanState#finishAfterEntity}); when the writer throws, the exception is noted
 * and the span waits for the response the client gets instead: an exception mapper's, through
 * the filters and this interceptor again, or Jersey's own 500, seen by {@link
 * JerseyServerEvents}. Registered only with those events, which finish whatever is still open.
 */
final class ResponseEntities implements WriterInterceptor {
  private static final Logger LOG = Logger.getLogger(ResponseEntities.class.getName());

  @Override
  public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
    ServerSpanState state = stateOf(context);
    if (state == null) {
      context.proceed();
      return;
    }
    try {
      context.proceed();
    } catch (Throwable t) {
      state.entityFailed(t);
      throw t;
    }
    state.entityWritten();
  }

  private static ServerSpanState stateOf(WriterInterceptorContext context) {
    try {
      // On the server, interceptors share the request's properties with the filters.
      Object state = context.getProperty(ServerSpanState.PROPERTY);
      return state instanceof ServerSpanState ? (ServerSpanState) state : null;
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "reading the server span failed", e);
      return null;
    }
  }
}
