package com.jstverify.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SamplingTest {
  final TestTracer tracer = TestTracer.create();

  @Test
  void samplingPriorityZero_atStart_isNotReported() {
    tracer.buildSpan("fast-query").withTag(Tags.SAMPLING_PRIORITY, 0).start().finish();

    assertTrue(tracer.finishedSpans().isEmpty());
    assertEquals(1, tracer.metrics().spansDropped(DropReason.UNSAMPLED));
  }

  @Test
  void samplingPriorityZero_setAfterStart_isNotReported() {
    // opentracing-contrib's JDBC module tags fast queries this way just before finishing.
    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("query").start();
    span.setTag(Tags.SAMPLING_PRIORITY, 0);
    span.finish();

    assertFalse(span.isSampled());
    assertTrue(tracer.finishedSpans().isEmpty());
  }

  @Test
  void unsampledW3cParent_isRespected_unlessPriorityForcesIt() {
    Map<String, String> headers = new HashMap<>();
    headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00");
    SpanContext parent = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));

    tracer.buildSpan("follows-upstream").asChildOf(parent).start().finish();
    tracer.buildSpan("forced").asChildOf(parent).withTag(Tags.SAMPLING_PRIORITY, 1).start().finish();

    assertEquals(1, tracer.finishedSpans().size());
    assertEquals("forced", tracer.finishedSpans().get(0).operationName());
    assertEquals(1, tracer.metrics().spansDropped(DropReason.UNSAMPLED));
  }

  @Test
  void unsampledTrace_propagatesItsDecision() {
    Map<String, String> in = new HashMap<>();
    in.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00");
    SpanContext parent = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(in));
    JstVerifySpan span = (JstVerifySpan) tracer.buildSpan("child").asChildOf(parent).start();

    Map<String, String> out = new HashMap<>();
    tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(out));

    assertTrue(out.get("traceparent").endsWith("-00"), out.toString());
  }
}
