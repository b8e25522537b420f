package com.jstverify.tracing.testbed.contrib.concurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import com.jstverify.tracing.testing.TestTracerExtension;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.contrib.concurrent.TracedExecutorService;
import io.opentracing.contrib.concurrent.TracedScheduledExecutorService;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * opentracing-contrib's executor module ({@code io.opentracing.contrib:opentracing-concurrent:0.4.0}),
 * unchanged, on our tracer: tasks run with the submitter's span active on our scope manager, the
 * spans it starts itself reach our reporter, and the pool threads are left clean.
 */
@ExtendWith(TestTracerExtension.class)
class ITOpentracingConcurrent {
  final ExecutorService pool = Executors.newFixedThreadPool(2);
  final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stopPools() {
    pool.shutdownNow();
    scheduler.shutdownNow();
  }

  /** A task that starts a child of whatever is active on its thread. */
  static Callable<String> child(TestTracer tracer, String name) {
    return () -> {
      tracer.buildSpan(name).start().finish();
      return name;
    };
  }

  @Test
  void everyWayOfSubmitting_runsTheTaskUnderTheSubmittersSpan(TestTracer tracer) throws Exception {
    ExecutorService traced = new TracedExecutorService(pool, tracer);
    ScheduledExecutorService tracedScheduler = new TracedScheduledExecutorService(scheduler, tracer);
    Span request = tracer.buildSpan("GET /report").start();
    CountDownLatch executed = new CountDownLatch(1);
    try (Scope ignored = tracer.activateSpan(request)) {
      traced.execute(
          () -> {
            tracer.buildSpan("execute").start().finish();
            executed.countDown();
          });
      assertEquals("submit", traced.submit(child(tracer, "submit")).get(5, TimeUnit.SECONDS));
      List<String> all = new ArrayList<>();
      for (Future<String> f : traced.invokeAll(List.of(child(tracer, "all-1"), child(tracer, "all-2")))) {
        all.add(f.get());
      }
      assertEquals(List.of("all-1", "all-2"), all);
      assertEquals("any", traced.invokeAny(List.of(child(tracer, "any"))));
      assertEquals(
          "scheduled",
          tracedScheduler.schedule(child(tracer, "scheduled"), 10, TimeUnit.MILLISECONDS)
              .get(5, TimeUnit.SECONDS));
    }
    assertTrue(executed.await(5, TimeUnit.SECONDS));
    request.finish();

    List<String> children = new ArrayList<>();
    for (JstVerifySpan span : tracer.finishedSpans()) {
      if (span.operationName().equals("GET /report")) continue;
      assertEquals(request.context().toSpanId(), span.parentId(), span.toString());
      assertEquals(request.context().toTraceId(), span.traceId(), span.toString());
      children.add(span.operationName());
    }
    Collections.sort(children);
    assertEquals(List.of("all-1", "all-2", "any", "execute", "scheduled", "submit"), children);
    assertPoolThreadsClean(tracer);
  }

  @Test
  void withoutAnActiveSpan_theModulesOwnSpan_parentsTheTask(TestTracer tracer) throws Exception {
    // traceWithActiveSpanOnly=false: the module starts a span for the submission itself.
    ExecutorService traced = new TracedExecutorService(pool, tracer, false);

    assertEquals("task", traced.submit(child(tracer, "task")).get(5, TimeUnit.SECONDS));

    JstVerifySpan task = only(tracer, "task");
    JstVerifySpan submission = only(tracer, "submit");
    assertNull(submission.parentId(), "a new root: nothing was active");
    assertEquals(submission.spanId(), task.parentId());
    assertEquals(submission.traceId(), task.traceId());
    assertEquals(0, tracer.metrics().spansDropped());
    assertPoolThreadsClean(tracer);
  }

  @Test
  void withNothingActive_andActiveSpanOnly_theTaskRunsUntraced(TestTracer tracer) throws Exception {
    ExecutorService traced = new TracedExecutorService(pool, tracer);

    assertEquals("lonely", traced.submit(child(tracer, "lonely")).get(5, TimeUnit.SECONDS));

    assertNull(only(tracer, "lonely").parentId());
    assertEquals(1, tracer.finishedSpans().size(), tracer.finishedSpans().toString());
  }

  private void assertPoolThreadsClean(TestTracer tracer) throws Exception {
    for (int i = 0; i < 4; i++) {
      assertNull(pool.submit(tracer::activeSpan).get(5, TimeUnit.SECONDS), "pool thread clean");
    }
    assertNull(scheduler.submit(tracer::activeSpan).get(5, TimeUnit.SECONDS));
  }

  private static JstVerifySpan only(TestTracer tracer, String operationName) {
    List<JstVerifySpan> found =
        tracer.finishedSpans().stream()
            .filter(s -> s.operationName().equals(operationName))
            .collect(Collectors.toList());
    assertEquals(1, found.size(), () -> "finished: " + tracer.finishedSpans());
    return found.get(0);
  }
}
