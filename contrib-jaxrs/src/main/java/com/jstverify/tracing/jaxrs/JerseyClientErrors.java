package com.jstverify.tracing.jaxrs;

import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientResponseContext;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.jersey.client.spi.PostInvocationInterceptor;

/**
 * Finishes the client span of a call that failed without a response (connection refused, read
 * timeout): client response filters never run then, Jersey's post-invocation interceptors do,
 * whether the failure is thrown to the caller or another interceptor answers it.
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
    // Usually the response filter finished the span already. Not when the call failed and an
    // application's post-invocation interceptor that ran before this one answered it instead (a
    // fallback or a retry): the span ends then with the response the caller got.
    try {
      Object state = request.getProperty(ClientSpanState.PROPERTY);
      if (state instanceof ClientSpanState) {
        ((ClientSpanState) state).finish(response.getStatus(), null);
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "finishing the answered client span failed", e);
    }
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
