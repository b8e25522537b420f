package com.jstverify.tracing.testing;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.TracerMetrics;
import com.jstverify.tracing.internal.SpanJson;
import com.jstverify.tracing.reporter.InMemoryReporter;
import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import java.util.List;
import java.util.function.Consumer;

/**
 * The real {@link JstVerifyTracer} with an in-memory reporter, used the way people use {@code
 * MockTracer}: run the code under test, then look at {@link #finishedSpans()}.
 *
 * <pre>{@code
 * TestTracer tracer = TestTracer.create();
 * tracer.buildSpan("op").start().finish();
 * JstVerifySpan span = tracer.finishedSpans().get(0);
 * assertEquals("op", span.operationName());
 * }</pre>
 *
 * <p>Everything a span goes through in production (ids, propagation, sampling, scope handling)
 * is the production code; only delivery is replaced.
 */
public final class TestTracer implements Tracer {
  private final JstVerifyTracer tracer;
  private final InMemoryReporter reporter;

  private TestTracer(JstVerifyTracer tracer, InMemoryReporter reporter) {
    this.tracer = tracer;
    this.reporter = reporter;
  }

  /** A test tracer for the service "test-service" with the default scope manager. */
  public static TestTracer create() {
    return create(b -> {});
  }

  /**
   * A test tracer with more settings, e.g. {@code TestTracer.create(b -> b.scopeManager(sm))}.
   * The reporter is always the in-memory one; no shutdown hook is registered.
   */
  public static TestTracer create(Consumer<JstVerifyTracer.Builder> customizer) {
    if (customizer == null) throw new NullPointerException("customizer == null");
    InMemoryReporter reporter = new InMemoryReporter();
    JstVerifyTracer.Builder builder = JstVerifyTracer.builder().serviceName("test-service");
    customizer.accept(builder);
    builder.reporter(reporter).shutdownHook(false);
    return new TestTracer(builder.build(), reporter);
  }

  /** Spans finished (and sampled) so far, in finish order. */
  public List<JstVerifySpan> finishedSpans() {
    return reporter.finishedSpans();
  }

  /** The finished spans as the wire JSON array of the contract (section 2). */
  public String finishedSpansJson() {
    return SpanJson.toJsonArray(reporter.finishedSpans());
  }

  /** One span as its wire JSON object. */
  public static String toJson(JstVerifySpan span) {
    return SpanJson.toJson(span);
  }

  /** Forgets the finished spans. */
  public void reset() {
    reporter.reset();
  }

  /** The tracer underneath. */
  public JstVerifyTracer tracer() {
    return tracer;
  }

  public TracerMetrics metrics() {
    return tracer.metrics();
  }

  @Override
  public ScopeManager scopeManager() {
    return tracer.scopeManager();
  }

  @Override
  public Span activeSpan() {
    return tracer.activeSpan();
  }

  @Override
  public Scope activateSpan(Span span) {
    return tracer.activateSpan(span);
  }

  @Override
  public SpanBuilder buildSpan(String operationName) {
    return tracer.buildSpan(operationName);
  }

  @Override
  public <C> void inject(SpanContext spanContext, Format<C> format, C carrier) {
    tracer.inject(spanContext, format, carrier);
  }

  @Override
  public <C> SpanContext extract(Format<C> format, C carrier) {
    return tracer.extract(format, carrier);
  }

  @Override
  public void close() {
    tracer.close();
  }

  @Override
  public String toString() {
    return "TestTracer{" + finishedSpans().size() + " finished spans}";
  }
}
