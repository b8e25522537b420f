package com.jstverify.tracing.testbed.listener_per_request;

import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Starts a span per request and gives it to that request's listener, never activating it. */
final class Client implements AutoCloseable {
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Tracer tracer;

  Client(Tracer tracer) {
    this.tracer = tracer;
  }

  Future<Object> send(Object message) {
    Span span =
        tracer.buildSpan("send").withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CLIENT).start();
    return execute(message, new ResponseListener(span));
  }

  /** The wire: the response comes back on another thread. */
  private Future<Object> execute(Object message, ResponseListener responseListener) {
    return executor.submit(
        () -> {
          Object response = message + ":response";
          responseListener.onResponse(response);
          return response;
        });
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
