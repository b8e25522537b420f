package com.jstverify.tracing.testbed.concurrent_common_request_handler;

import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;

/**
 * One handler per client, called concurrently for all its requests; the two calls of one request
 * run on different pool threads. So it cannot rely on the active span: it ignores it, and keeps
 * the request's span in the request's {@link Context} instead.
 */
final class RequestHandler {
  static final String OPERATION_NAME = "send";

  private final Tracer tracer;
  private final SpanContext parentContext;

  RequestHandler(Tracer tracer) {
    this(tracer, null);
  }

  /** With a fixed parent for every request: the "bad solution" of the test. */
  RequestHandler(Tracer tracer, SpanContext parentContext) {
    this.tracer = tracer;
    this.parentContext = parentContext;
  }

  void beforeRequest(Object request, Context context) {
    // A pool thread may have anything active: never take it as the parent.
    Tracer.SpanBuilder spanBuilder =
        tracer
            .buildSpan(OPERATION_NAME)
            .ignoreActiveSpan()
            .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CLIENT);
    if (parentContext != null) spanBuilder.asChildOf(parentContext);
    context.put("span", spanBuilder.start());
  }

  void afterResponse(Object response, Context context) {
    Object span = context.get("span");
    if (span instanceof Span) ((Span) span).finish();
  }
}
