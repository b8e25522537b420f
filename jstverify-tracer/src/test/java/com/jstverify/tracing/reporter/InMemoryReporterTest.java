package com.jstverify.tracing.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InMemoryReporterTest {
  @Test
  void full_evictsTheOldest_andKeepsFinishOrder() {
    InMemoryReporter reporter = new InMemoryReporter(3);
    try (JstVerifyTracer tracer = tracerReportingTo(reporter)) {
      for (int i = 1; i <= 5; i++) tracer.buildSpan("op-" + i).start().finish();

      assertEquals(List.of("op-3", "op-4", "op-5"), names(reporter.finishedSpans()));
      assertEquals(5, tracer.metrics().spansReported(), "each was reported once");
    }
  }

  @Test
  void reset_forgetsEverySpan_andTheNextOnesAreKept() {
    InMemoryReporter reporter = new InMemoryReporter(2);
    try (JstVerifyTracer tracer = tracerReportingTo(reporter)) {
      tracer.buildSpan("before").start().finish();
      reporter.reset();
      tracer.buildSpan("after").start().finish();

      assertEquals(List.of("after"), names(reporter.finishedSpans()));
    }
  }

  @Test
  void capacityBelowOne_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new InMemoryReporter(0));
  }

  private static JstVerifyTracer tracerReportingTo(InMemoryReporter reporter) {
    return JstVerifyTracer.builder()
        .serviceName("in-memory")
        .reporter(reporter)
        .shutdownHook(false)
        .build();
  }

  private static List<String> names(List<JstVerifySpan> spans) {
    return spans.stream().map(JstVerifySpan::operationName).collect(Collectors.toList());
  }
}
