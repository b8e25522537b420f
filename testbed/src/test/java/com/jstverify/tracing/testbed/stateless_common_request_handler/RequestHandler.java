package com.jstverify.tracing.testbed.stateless_common_request_handler;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;

/**
 * One handler per client. Both calls of one request run on the same thread, but they share no
 * object, so the handler keeps the request's scope in a thread-local of its own.
 */
final class RequestHandler {
  static final String OPERATION_NAME = "send";

  private final Tracer tracer;
  private final ThreadLocal<Scope> scopeOfThisThread = new ThreadLocal<>();

  RequestHandler(Tracer tracer) {
    this.tracer = tracer;
  }

  void beforeRequest(Object request) {
    Span span = tracer.buildSpan(OPERATION_NAME).start();
    scopeOfThisThread.set(tracer.activateSpan(span));
  }

  void afterResponse(Object response) {
    tracer.scopeManager().activeSpan().finish();
    scopeOfThisThread.get().close();
    scopeOfThisThread.remove();
  }
}
