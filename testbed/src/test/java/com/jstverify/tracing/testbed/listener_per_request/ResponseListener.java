package com.jstverify.tracing.testbed.listener_per_request;

import io.opentracing.Span;

/** One listener per request, holding that request's span; called on any thread. */
final class ResponseListener {
  private final Span span;

  ResponseListener(Span span) {
    this.span = span;
  }

  /** The response arrived: the request is over. */
  void onResponse(Object response) {
    span.finish();
  }
}
