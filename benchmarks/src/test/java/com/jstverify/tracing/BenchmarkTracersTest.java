package com.jstverify.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.mock.MockTracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every tracer the benchmarks compare builds, traces, and round-trips its own headers. */
class BenchmarkTracersTest {

  @ParameterizedTest
  @ValueSource(strings = {"noop", "mock", "jaeger", "brave", "otel", "jstverify"})
  void eachTracer_startsFinishesAndPropagates(String name) throws Exception {
    try (BenchmarkTracers.Instance instance = BenchmarkTracers.create(name)) {
      Span span = instance.tracer.buildSpan("smoke").withTag("component", "bench").start();
      Map<String, String> headers = new HashMap<>();
      instance.tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
      span.finish();
      SpanContext extracted =
          instance.tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));

      assertNotNull(extracted, name + " extracts what it injected: " + headers);
      assertEquals(span.context().toTraceId(), extracted.toTraceId());
      if (instance.tracer instanceof MockTracer) {
        assertEquals(0, ((MockTracer) instance.tracer).finishedSpans().size(), "the mock keeps no span");
      }
      if (instance.tracer instanceof JstVerifyTracer) {
        JstVerifyTracer ours = (JstVerifyTracer) instance.tracer;
        ours.flush(Duration.ofSeconds(5));
        assertEquals(1, ours.metrics().spansReported(), "delivered to the loopback sink");
      }
    }
  }
}
