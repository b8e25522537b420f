package com.jstverify.tracing;

import io.opentracing.propagation.TextMapAdapter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What every tracer pays in {@link TracerBenchmarks} before doing any tracing, measured on the
 * same machine in the same run: reading the clock (a span reads it at start and at finish), and
 * the benchmark's own header map (inject fills a new one; extract iterates one).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class Floors {
  final Map<String, String> threeHeaders = new HashMap<>();

  public Floors() {
    threeHeaders.put("X-JstVerify-Trace-Id", "0af7651916cd43dd8448eb211c80319c");
    threeHeaders.put("X-JstVerify-Parent-Span-Id", "b7ad6b7169203331");
    threeHeaders.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03");
  }

  /** One monotonic clock reading ({@code System.nanoTime()}). */
  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }

  /** One wall clock reading ({@code System.currentTimeMillis()}, what MockTracer reads). */
  @Benchmark
  public long currentTimeMillis() {
    return System.currentTimeMillis();
  }

  /** The inject benchmark's carrier with three headers put, and nothing traced. */
  @Benchmark
  public Map<String, String> headerMapWith3Puts() {
    Map<String, String> headers = new HashMap<>();
    TextMapAdapter carrier = new TextMapAdapter(headers);
    carrier.put("X-JstVerify-Trace-Id", "0af7651916cd43dd8448eb211c80319c");
    carrier.put("X-JstVerify-Parent-Span-Id", "b7ad6b7169203331");
    carrier.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-03");
    return headers;
  }

  /** The extract benchmark's carrier iterated once, and nothing parsed. */
  @Benchmark
  public void iterate3Headers(Blackhole bh) {
    for (Map.Entry<String, String> header : new TextMapAdapter(threeHeaders)) bh.consume(header);
  }
}
