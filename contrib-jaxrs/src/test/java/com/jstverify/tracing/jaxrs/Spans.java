package com.jstverify.tracing.jaxrs;

import static org.junit.jupiter.api.Assertions.fail;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Waiting for and picking finished spans in tests. */
final class Spans {
  private Spans() {}

  /** Waits (at most 5 s) until a finished span matches, and returns it. */
  static JstVerifySpan await(TestTracer tracer, Predicate<JstVerifySpan> match) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      for (JstVerifySpan s : tracer.finishedSpans()) {
        if (match.test(s)) return s;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    fail("no finished span matched; finished: " + tracer.finishedSpans());
    return null;
  }

  static JstVerifySpan awaitNamed(TestTracer tracer, String operationName) {
    return await(tracer, s -> operationName.equals(s.operationName()));
  }

  static List<JstVerifySpan> named(TestTracer tracer, String operationName) {
    return tracer.finishedSpans().stream()
        .filter(s -> operationName.equals(s.operationName()))
        .collect(Collectors.toList());
  }

  static Predicate<JstVerifySpan> kind(String kind) {
    return s -> kind.equals(s.tag("span.kind"));
  }
}
