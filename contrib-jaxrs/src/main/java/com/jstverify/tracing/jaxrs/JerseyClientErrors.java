package com.jstverify.tracing.jaxrs;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.jersey.client.spi.PostInvocationInterceptor;

/**
 * Finishes the client span of a call that failed without a response (connection refused, read
 * timeout): client response filters never run then, Jersey's post-invocation interceptors do.
 * Loaded only when Jersey's client is on the class path ({@link TracingClientFeature} checks).
 */
final class JerseyClientErrors implements PostInvocationInterceptor {
  private static final Logger LOG = Logger.getLogger(JerseyClientErrors.class.getName());

  private JerseyClientErrors() {}

  /** Returns Object so that callers link against this class only when Jersey is present. */
  static Object create() {
    return new JerseyClientErrors();
  }

  @Override
  public void afterRequest(ClientRequestContext request, ClientResponseContext response) {
    // The response filter finished the span.
  }

  @Override
  public void onException(ClientRequestContext request, ExceptionContext context) {
    try {
      Object state = request.getProperty(ClientSpanState.PROPERTY);
      if (!(state instanceof ClientSpanState)) return;
      int status = context.getResponseContext().map(ClientResponseContext::getStatus).orElse(0);
      Throwable error = context.getThrowables().peekFirst();
      ((ClientSpanState) state).finish(status, error);
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "finishing the failed client span failed", e);
    }
  }
}
