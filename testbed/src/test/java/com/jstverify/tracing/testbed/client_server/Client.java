package com.jstverify.tracing.testbed.client_server;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import java.util.concurrent.ArrayBlockingQueue;

/** Sends a message in a client span whose context it writes into the message's headers. */
@SuppressWarnings("try") // scopes opened only for their side effect
final class Client {
  private final ArrayBlockingQueue<Message> queue;
  private final Tracer tracer;

  Client(ArrayBlockingQueue<Message> queue, Tracer tracer) {
    this.queue = queue;
    this.tracer = tracer;
  }

  void send() throws InterruptedException {
    Message message = new Message();
    Span span =
        tracer
            .buildSpan("send")
            .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CLIENT)
            .withTag(Tags.COMPONENT.getKey(), "example-client")
            .start();
    try (Scope scope = tracer.activateSpan(span)) {
      tracer.inject(span.context(), Format.Builtin.TEXT_MAP_INJECT, new TextMapAdapter(message));
      queue.put(message);
    } finally {
      span.finish();
    }
  }
}
