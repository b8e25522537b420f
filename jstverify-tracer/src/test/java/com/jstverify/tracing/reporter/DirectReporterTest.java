package com.jstverify.tracing.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.jstverify.tracing.DropReason;
import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.TracerMetrics;
import com.jstverify.tracing.Transport;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The direct reporter without a server: configuration, secrecy, and the application's side. */
class DirectReporterTest {
  static final String API_KEY = "unit-secret-51b0";
  // The discard port: nothing listens there, a connection is refused at once.
  static final String NOWHERE = "http://127.0.0.1:9/v1/tracing/spans";

  @Test
  void build_withoutApiKey_failsNamingTheSettingAndTheVariable() {
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> DirectReporter.builder().build());
    assertEquals(
        "apiKey is required for the direct transport: call apiKey(...), or set JSTVERIFY_API_KEY"
            + " and build with JstVerifyTracing.init() or JstVerifyTracer.builder()"
            + ".fromEnvironment() (a builder alone does not read the environment)",
        e.getMessage());
  }

  @Test
  void tracerBuild_directTransportWithoutApiKey_failsWithTheSameMessage() {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> JstVerifyTracer.builder().serviceName("svc").shutdownHook(false).build());
    assertEquals(
        "apiKey is required for the direct transport: call apiKey(...), or set JSTVERIFY_API_KEY"
            + " and build with JstVerifyTracing.init() or JstVerifyTracer.builder()"
            + ".fromEnvironment() (a builder alone does not read the environment)",
        e.getMessage());
  }

  @Test
  void tracerBuild_withAnApiKey_reportsDirectlyByDefault() {
    JstVerifyTracer tracer =
        JstVerifyTracer.builder().serviceName("svc").apiKey(API_KEY).shutdownHook(false).build();
    try {
      assertTrue(tracer.reporter() instanceof DirectReporter, tracer.reporter().toString());
    } finally {
      tracer.close();
    }
  }

  @Test
  void tracerBuild_relayTransportWithoutEndpoint_hasNoDirectFallback() {
    JstVerifyTracer tracer =
        JstVerifyTracer.builder()
            .serviceName("svc")
            .apiKey(API_KEY) // a key alone does not make spans leave the process
            .transport(Transport.RELAY)
            .shutdownHook(false)
            .build();
    try {
      assertTrue(tracer.reporter() instanceof RelayReporter);
      tracer.buildSpan("background-job").start().finish();
      assertEquals(1, tracer.metrics().spansDropped(DropReason.NO_REQUEST));
    } finally {
      tracer.close();
    }
  }

  @Test
  void toString_neverShowsTheApiKey() {
    DirectReporter.Builder builder = DirectReporter.builder().apiKey(API_KEY).endpoint(NOWHERE);
    DirectReporter reporter = builder.build();
    try {
      assertFalse(builder.toString().contains(API_KEY), builder.toString());
      assertFalse(reporter.toString().contains(API_KEY), reporter.toString());
      assertTrue(reporter.toString().contains("****"));
      assertTrue(reporter.toString().contains(NOWHERE));
    } finally {
      reporter.close();
    }
  }

  @Test
  void apiKey_withACharacterNoHeaderCanCarry_failsWithoutRepeatingTheKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DirectReporter.builder().apiKey("abc\u00e9" + API_KEY).endpoint(NOWHERE).build());
    assertFalse(e.getMessage().contains(API_KEY), e.getMessage());
    assertTrue(e.getMessage().contains("index 3"), e.getMessage());
  }

  @Test
  void endpoint_thatIsNotHttp_failsNamingIt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> DirectReporter.builder().endpoint("ftp://x"));
    assertEquals("endpoint: 'ftp://x' is not an http:// or https:// URL", e.getMessage());
  }

  @Test
  void report_onAFullQueue_dropsTheNewSpan_andCountsIt() {
    DirectReporter reporter = quietReporter(3);
    TracerMetrics metrics = new TracerMetrics();
    reporter.attach(metrics);
    JstVerifySpan[] spans = finishedSpans(5);
    try {
      for (JstVerifySpan span : spans) reporter.report(span);

      assertEquals(3, metrics.queueLength());
      assertEquals(2, metrics.spansDropped(DropReason.QUEUE_FULL));
    } finally {
      reporter.close();
    }
    assertEquals(3, metrics.spansDropped(DropReason.DELIVERY_FAILED), "nowhere to deliver");
    assertEquals(0, metrics.queueLength());
  }

  @Test
  void report_afterClose_isCountedAsAfterClose() {
    DirectReporter reporter = quietReporter(10);
    TracerMetrics metrics = new TracerMetrics();
    reporter.attach(metrics);
    reporter.close();

    reporter.report(finishedSpans(1)[0]);

    assertEquals(1, metrics.spansDropped(DropReason.AFTER_CLOSE));
    assertTrue(reporter.flush(Duration.ofSeconds(1)), "nothing left to deliver");
  }

  /**
   * The application's cost of reporting: one compare-and-set into a preallocated array, no
   * wrapper object per span, whether the span is queued or dropped.
   */
  @Test
  void report_allocatesNothingOnTheApplicationsThread_queuedOrDropped() {
    java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
    assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
    int n = 20_000;
    JstVerifySpan[] spans = finishedSpans(n);
    DirectReporter reporter = quietReporter(2 * n); // the warm-up and three rounds fit
    reporter.attach(new TracerMetrics());
    DirectReporter full = quietReporter(1);
    full.attach(new TracerMetrics());
    try {
      for (int i = 0; i < n / 2; i++) { // warm up: class loading, the first drop's log line
        reporter.report(spans[i]);
        full.report(spans[i]);
      }
      long tid = Thread.currentThread().getId();
      // The least of three rounds: a round can include the JIT deoptimizing the code once (a
      // rare branch taken for the first time), which allocates on this thread.
      long queued = Long.MAX_VALUE;
      long dropped = Long.MAX_VALUE;
      for (int round = 0; round < 3; round++) {
        long before = mx.getThreadAllocatedBytes(tid);
        for (int i = n / 2; i < n; i++) reporter.report(spans[i]);
        queued = Math.min(queued, mx.getThreadAllocatedBytes(tid) - before);
        before = mx.getThreadAllocatedBytes(tid);
        for (int i = n / 2; i < n; i++) full.report(spans[i]);
        dropped = Math.min(dropped, mx.getThreadAllocatedBytes(tid) - before);
      }

      // 10,000 calls each; a few hundred bytes of slack for the measurement itself.
      assertTrue(queued < 2_000, queued + " bytes allocated queueing 10,000 spans");
      assertTrue(dropped < 2_000, dropped + " bytes allocated dropping 10,000 spans");
    } finally {
      reporter.close();
      full.close();
    }
  }

  /** A reporter that will not send on its own: an hour's interval, batches as large as the queue. */
  static DirectReporter quietReporter(int maxQueueSize) {
    return DirectReporter.builder()
        .apiKey(API_KEY)
        .endpoint(NOWHERE)
        .maxQueueSize(maxQueueSize)
        .maxBatchSize(Integer.MAX_VALUE)
        .flushInterval(Duration.ofHours(1))
        .closeTimeout(Duration.ofSeconds(2))
        .build();
  }

  static JstVerifySpan[] finishedSpans(int count) {
    JstVerifyTracer tracer =
        JstVerifyTracer.builder()
            .serviceName("svc")
            .reporter(new InMemoryReporter(1))
            .shutdownHook(false)
            .build();
    JstVerifySpan[] spans = new JstVerifySpan[count];
    for (int i = 0; i < count; i++) {
      spans[i] = (JstVerifySpan) tracer.buildSpan("op").start();
      spans[i].finish();
    }
    return spans;
  }
}
