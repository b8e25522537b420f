package com.jstverify.tracing.jaxrs;

import io.opentracing.Span;
import io.opentracing.Tracer;
import jakarta.ws.rs.client.ClientRequestContext;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.jersey.client.spi.PreInvocationInterceptor;

/**
 * Notes, on the thread that makes a call, the span active there, for {@link TracingClientFilter}
 * to use as the client span's parent. Jersey runs the request filters of an async call ({@code
 * async()}, {@code rx()}, an {@code InvocationCallback}) on its executor, where that span is not
 * active: without this note the call would start a new trace and cut the called service off from
 * its caller. Pre-invocation interceptors run on the calling thread, before the request is handed
 * to the executor. Loaded only when Jersey's client is on the class path ({@link
 * TracingClientFeature} checks).
 */
final class JerseyCallingThread implements PreInvocationInterceptor {
  private static final Logger LOG = Logger.getLogger(JerseyCallingThread.class.getName());

  private final Tracer tracer;

  private JerseyCallingThread(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Returns Object so that callers link against this class only when Jersey is present. */
  static Object create(Tracer tracer) {
    return new JerseyCallingThread(tracer);
  }

  @Override
  public void beforeRequest(ClientRequestContext request) {
    try {
      Span active = tracer.activeSpan();
      if (active != null) request.setProperty(TracingClientFilter.CALLER_SPAN, active.context());
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "noting the caller's span failed", e);
    }
  }
}
