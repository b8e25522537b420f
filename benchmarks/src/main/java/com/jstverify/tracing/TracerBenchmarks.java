package com.jstverify.tracing;

import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Per-span cost of each tracer, in one run: start+finish, with 3 tags, the same from 2 threads,
 * a child of the active span, inject into and extract from HTTP headers. Run with {@code -prof gc}
 * for B/op ({@code bash benchmarks/run.sh} does).
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracerBenchmarks {
  @Param({"noop", "mock", "jaeger", "brave", "otel", "jstverify"})
  public String tracerName;

  Tracer tracer;
  BenchmarkTracers.Instance instance;
  SpanContext injectContext;
  Map<String, String> ownHeaders;

  @Setup(Level.Trial)
  public void setUp() {
    instance = BenchmarkTracers.create(tracerName);
    tracer = instance.tracer;
    Span span = tracer.buildSpan("prepared").start();
    injectContext = span.context();
    ownHeaders = new HashMap<>();
    tracer.inject(injectContext, Format.Builtin.HTTP_HEADERS, new TextMapAdapter(ownHeaders));
    span.finish();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    if (tracer instanceof JstVerifyTracer) {
      JstVerifyTracer ours = (JstVerifyTracer) tracer;
      ours.flush(java.time.Duration.ofSeconds(5));
      // Printed into the JMH log: what the real reporter did with the spans it was given.
      System.out.println("jstverify metrics: " + ours.metrics());
    }
    instance.close();
  }

  @Benchmark
  public Span startFinish() {
    Span span = tracer.buildSpan("op").start();
    span.finish();
    return span;
  }

  @Benchmark
  public Span startWith3TagsFinish() {
    return startWithTags();
  }

  @Benchmark
  @Threads(2)
  public Span startWith3TagsFinish_2threads() {
    return startWithTags();
  }

  private Span startWithTags() {
    Span span =
        tracer
            .buildSpan("GET /users/{id}")
            .withTag("component", "bench")
            .withTag("http.status_code", 200)
            .withTag("cached", false)
            .start();
    span.finish();
    return span;
  }

  @Benchmark
  public Span childOfActive() {
    Span root = tracer.buildSpan("root").start();
    Span child;
    try (Scope ignored = tracer.activateSpan(root)) {
      child = tracer.buildSpan("child").start();
      child.finish();
    }
    root.finish();
    return child;
  }

  @Benchmark
  public Map<String, String> inject() {
    Map<String, String> headers = new HashMap<>();
    tracer.inject(injectContext, Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    return headers;
  }

  /**
   * A client span: started, injected into a new request's headers, finished. Unlike {@link
   * #inject}, which injects one prepared context over and over, it pays for writing a fresh
   * context's header values (which this tracer then caches on the context).
   */
  @Benchmark
  public Map<String, String> startInjectFinish() {
    Span span = tracer.buildSpan("op").start();
    Map<String, String> headers = new HashMap<>();
    tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    span.finish();
    return headers;
  }

  @Benchmark
  public SpanContext extract() {
    return tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(ownHeaders));
  }
}
