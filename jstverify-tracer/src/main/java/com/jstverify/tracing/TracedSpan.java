package com.jstverify.tracing;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;

/**
 * A span that is active from its creation until {@link #close()}, which finishes it: the
 * Python SDK's {@code trace_span} context manager, for try-with-resources.
 *
 * <pre>{@code
 * try (TracedSpan span = JstVerifyTracing.span("validate-order")) {
 *   span.setTag("order.id", id);
 *   span.setStatus(200);
 * }
 * }</pre>
 *
 * <p>Close it on the thread that created it (the scope is thread-bound). It works with any
 * OpenTracing tracer, the no-op one included; with a {@link JstVerifyTracer} the HTTP metadata
 * fills the span JSON's {@code statusCode}, {@code httpMethod} and {@code httpUrl}.
 */
public final class TracedSpan implements AutoCloseable {
  private final Span span;
  private final Scope scope;
  private boolean closed;

  private TracedSpan(Span span, Scope scope) {
    this.span = span;
    this.scope = scope;
  }

  /**
   * Starts a span named {@code operationName} on {@code tracer}, a child of the active span, and
   * activates it.
   */
  public static TracedSpan start(Tracer tracer, String operationName) {
    if (tracer == null) throw new NullPointerException("tracer == null");
    if (operationName == null) throw new NullPointerException("operationName == null");
    Span span = tracer.buildSpan(operationName).start();
    return new TracedSpan(span, tracer.activateSpan(span));
  }

  /** The OpenTracing span, for everything this class does not offer. */
  public Span span() {
    return span;
  }

  /** Sets the HTTP status code ({@code http.status_code}); >= 500 marks the span as an error. */
  public TracedSpan setStatus(int statusCode) {
    if (span instanceof JstVerifySpan) {
      ((JstVerifySpan) span).setStatus(statusCode);
    } else {
      Tags.HTTP_STATUS.set(span, statusCode);
    }
    return this;
  }

  /** Sets the HTTP method, URL and status code at once; a null argument leaves that value as is. */
  public TracedSpan setHttpMetadata(String method, String url, Integer statusCode) {
    if (span instanceof JstVerifySpan) {
      ((JstVerifySpan) span).setHttpMetadata(method, url, statusCode);
    } else {
      if (method != null) Tags.HTTP_METHOD.set(span, method);
      if (url != null) Tags.HTTP_URL.set(span, url);
      if (statusCode != null) Tags.HTTP_STATUS.set(span, statusCode);
    }
    return this;
  }

  public TracedSpan setTag(String key, String value) {
    span.setTag(key, value);
    return this;
  }

  public TracedSpan setTag(String key, Number value) {
    span.setTag(key, value);
    return this;
  }

  public TracedSpan setTag(String key, boolean value) {
    span.setTag(key, value);
    return this;
  }

  /** Logs an event (a name, e.g. {@code "cache-miss"}) now. */
  public TracedSpan log(String event) {
    span.log(event);
    return this;
  }

  /**
   * Marks the span as failed ({@code error=true}) and logs {@code error} the OpenTracing way
   * ({@code event=error}, {@code error.object}); the wire JSON shows its kind, message and stack.
   */
  public TracedSpan recordError(Throwable error) {
    if (error == null) throw new NullPointerException("error == null");
    com.jstverify.tracing.internal.SpanErrors.record(span, error);
    return this;
  }

  /** Deactivates and finishes the span. A second call does nothing. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    try {
      scope.close();
    } finally {
      span.finish();
    }
  }

  @Override
  public String toString() {
    return "TracedSpan{" + span + "}";
  }
}
