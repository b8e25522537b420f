package com.jstverify.tracing.testbed.client_server;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import java.util.concurrent.ArrayBlockingQueue;

/** Takes messages off the queue and serves each in a server span, child of the extracted context. */
@SuppressWarnings("try") // scopes opened only for their side effect
final class Server extends Thread {
  private final ArrayBlockingQueue<Message> queue;
  private final Tracer tracer;

  Server(ArrayBlockingQueue<Message> queue, Tracer tracer) {
    this.queue = queue;
    this.tracer = tracer;
  }

  private void process(Message message) {
    SpanContext context = tracer.extract(Format.Builtin.TEXT_MAP_EXTRACT, new TextMapAdapter(message));
    Span span =
        tracer
            .buildSpan("receive")
            .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_SERVER)
            .withTag(Tags.COMPONENT.getKey(), "example-server")
            .asChildOf(context)
            .start();
    try (Scope scope = tracer.activateSpan(span)) {
      // the request would be served here
    } finally {
      span.finish();
    }
  }

  @Override
  public void run() {
    while (!Thread.currentThread().isInterrupted()) {
      try {
        process(queue.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
