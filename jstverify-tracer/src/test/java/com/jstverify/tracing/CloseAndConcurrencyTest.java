package com.jstverify.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.reporter.Reporter;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.Span;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CloseAndConcurrencyTest {

  /** Records the order of calls the tracer makes on its reporter. */
  static final class RecordingReporter implements Reporter {
    final List<String> calls = new ArrayList<>();

    @Override
    public synchronized void report(JstVerifySpan span) {
      calls.add("report " + span.operationName());
    }

    @Override
    public synchronized boolean flush(Duration timeout) {
      calls.add("flush");
      return true;
    }

    @Override
    public synchronized void close() {
      calls.add("close");
    }
  }

  @Test
  void close_closesTheReporterOnce_whichFlushes_andLaterSpansAreCountedAsDropped() {
    RecordingReporter reporter = new RecordingReporter();
    JstVerifyTracer tracer =
        JstVerifyTracer.builder().serviceName("svc").reporter(reporter).shutdownHook(false).build();
    Span open = tracer.buildSpan("open-at-close").start();
    tracer.buildSpan("before").start().finish();

    tracer.close();
    tracer.close();
    open.finish();
    tracer.buildSpan("after").start().finish();

    // Not flush, then close: a reporter's close() flushes, within its own close timeout.
    assertEquals(List.of("report before", "close"), reporter.calls);
    assertTrue(tracer.isClosed());
    assertEquals(2, tracer.metrics().spansDropped(DropReason.AFTER_CLOSE));
    assertEquals(3, tracer.metrics().spansFinished());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aReporterThatThrows_anExceptionOrAnError_neverReachesTheApplication(boolean error) {
    Reporter broken =
        span -> {
          if (error) throw new AssertionError("an assert in a custom reporter");
          throw new IllegalStateException("a bug in a custom reporter");
        };
    JstVerifyTracer tracer =
        JstVerifyTracer.builder().serviceName("svc").reporter(broken).shutdownHook(false).build();

    tracer.buildSpan("op").start().finish();

    assertEquals(1, tracer.metrics().spansDropped(DropReason.DELIVERY_FAILED));
  }

  @Test
  void manyThreads_noSpanLostOrDuplicated_andNoCrossThreadParent() throws Exception {
    TestTracer tracer = TestTracer.create();
    int threads = 8;
    int tracesPerThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger wrongParents = new AtomicInteger();
    Set<String> rootTraceIds = ConcurrentHashMap.newKeySet();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                go.await();
                for (int i = 0; i < tracesPerThread; i++) {
                  Span root = tracer.buildSpan("root-" + thread).start();
                  rootTraceIds.add(root.context().toTraceId());
                  try (Scope ignored = tracer.activateSpan(root)) {
                    JstVerifySpan child = (JstVerifySpan) tracer.buildSpan("child-" + thread).start();
                    if (!root.context().toSpanId().equals(child.parentId())) {
                      wrongParents.incrementAndGet();
                    }
                    child.finish();
                  }
                  root.finish();
                  if (tracer.activeSpan() != null) wrongParents.incrementAndGet();
                }
                return null;
              }));
    }
    go.countDown();
    for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
    pool.shutdown();

    List<JstVerifySpan> spans = tracer.finishedSpans();
    Set<String> spanIds = new HashSet<>();
    for (JstVerifySpan s : spans) {
      spanIds.add(s.spanId());
      if (s.parentId() != null) {
        String expectedRootName = "root-" + s.operationName().substring("child-".length());
        JstVerifySpan parent =
            spans.stream().filter(p -> p.spanId().equals(s.parentId())).findFirst().orElse(null);
        if (parent == null || !parent.operationName().equals(expectedRootName)) {
          wrongParents.incrementAndGet();
        }
      }
    }
    int expected = threads * tracesPerThread * 2;
    assertEquals(expected, spans.size(), "every finished span reported once");
    assertEquals(expected, spanIds.size(), "no duplicated span id");
    assertEquals(threads * tracesPerThread, rootTraceIds.size(), "one trace per root");
    assertEquals(0, wrongParents.get());
    assertEquals(expected, tracer.metrics().spansStarted());
    assertEquals(expected, tracer.metrics().spansReported());
    assertNull(tracer.activeSpan());
  }
}
