package com.jstverify.tracing.testbed.suspend_resume_propagation;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;

/**
 * A job that a framework runs in parts, suspending it in between: its span is activated for each
 * part and deactivated after, and finished when the job is done.
 */
@SuppressWarnings("try") // scopes opened only for their side effect
final class SuspendResume {
  private final Tracer tracer;
  private final Span span;

  SuspendResume(int id, Tracer tracer) {
    this.tracer = tracer;
    Span span =
        tracer.buildSpan("job " + id).withTag(Tags.COMPONENT.getKey(), "suspend-resume").start();
    try (Scope scope = tracer.scopeManager().activate(span)) {
      this.span = span;
    }
  }

  void doPart(String name) {
    try (Scope scope = tracer.scopeManager().activate(span)) {
      span.log("part: " + name);
    }
  }

  void done() {
    span.finish();
  }
}
