package com.jstverify.tracing;

import brave.Tracing;
import com.jstverify.tracing.reporter.DirectReporter;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.opentracing.BraveTracer;
import brave.propagation.TraceContext;
import io.jaegertracing.internal.JaegerSpan;
import io.jaegertracing.internal.JaegerTracer;
import io.jaegertracing.internal.samplers.ConstSampler;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentracing.Tracer;
import io.opentracing.mock.DiscardingMockTracer;
import io.opentracing.noop.NoopTracerFactory;
import java.time.Duration;
import java.util.Collection;
import okhttp3.OkHttpClient;

/**
 * Every tracer the benchmarks compare, in production shape: always sampling, reporting through
 * its real pipeline, with only the last step (the network send) replaced by a discard.
 */
final class BenchmarkTracers {
  static final String[] NAMES = {"noop", "mock", "jaeger", "brave", "otel", "jstverify"};

  /** A tracer and what must be closed with it. */
  static final class Instance implements AutoCloseable {
    final Tracer tracer;
    private final AutoCloseable resources;

    Instance(Tracer tracer, AutoCloseable resources) {
      this.tracer = tracer;
      this.resources = resources;
    }

    @Override
    public void close() throws Exception {
      tracer.close();
      resources.close();
    }
  }

  private BenchmarkTracers() {}

  static Instance create(String name) {
    switch (name) {
      case "noop":
        return new Instance(NoopTracerFactory.create(), () -> {});
      case "mock":
        // MockTracer minus its list of every finished span: see DiscardingMockTracer.
        return new Instance(new DiscardingMockTracer(), () -> {});
      case "jaeger":
        JaegerTracer jaeger =
            new JaegerTracer.Builder("bench")
                .withSampler(new ConstSampler(true))
                .withReporter(new io.jaegertracing.spi.Reporter() {
                  @Override
                  public void report(JaegerSpan span) {}

                  @Override
                  public void close() {}
                })
                .build();
        return new Instance(jaeger, () -> {});
      case "brave":
        Tracing tracing =
            Tracing.newBuilder()
                .localServiceName("bench")
                .sampler(brave.sampler.Sampler.ALWAYS_SAMPLE)
                .addSpanHandler(
                    new SpanHandler() {
                      @Override
                      public boolean end(TraceContext context, MutableSpan span, Cause cause) {
                        return true; // delivered nowhere: the network send is what is left out
                      }
                    })
                .build();
        return new Instance(BraveTracer.create(tracing), tracing::close);
      case "otel":
        SdkTracerProvider provider =
            SdkTracerProvider.builder()
                .setSampler(Sampler.alwaysOn())
                .addSpanProcessor(BatchSpanProcessor.builder(new DiscardingExporter()).build())
                .build();
        OpenTelemetrySdk otel =
            OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
        // Closing the shim shuts the SDK down (flushing the batch processor).
        return new Instance(OpenTracingShim.createTracerShim(otel), () -> {});
      case "jstverify":
        // The real direct reporter (queue, JSON on its thread, the OkHttp call) with only the
        // network send discarded, as the issue asks; ReporterThroughput measures real delivery.
        // Batches of 1000, as for any high-volume service: a POST per 50 spans would have the
        // reporter thread spend its time on HTTP calls rather than on spans.
        JstVerifyTracer ours =
            JstVerifyTracer.builder()
                .serviceName("bench")
                .reporter(
                    DirectReporter.builder()
                        .apiKey("bench-key")
                        .endpoint("http://127.0.0.1:9/v1/tracing/spans") // never reached
                        .httpClient(new OkHttpClient.Builder().addInterceptor(new DiscardingSend()).build())
                        .maxBatchSize(1000) // the defaults otherwise (queue of 10,000, 5 s interval)
                        .closeTimeout(Duration.ofSeconds(2))
                        .build())
                .shutdownHook(false)
                .build();
        return new Instance(ours, () -> {});
      case "jstverify-queue":
        // Diagnostic: the direct reporter's queue with a consumer that takes and releases spans
        // without writing them. Against "jstverify", what the JSON writing thread costs; against
        // "jstverify-discard", what the queue costs.
        return QueueOnlyReporter.tracer();
      case "jstverify-discard":
        // Diagnostic, not in the default run: the tracer with a Reporter that discards, as
        // Jaeger and Brave are measured. The difference to "jstverify" is what the reporter
        // thread and the sink cost the application threads by competing for the same cores.
        return new Instance(
            JstVerifyTracer.builder()
                .serviceName("bench")
                .reporter(span -> {})
                .shutdownHook(false)
                .build(),
            () -> {});
      default:
        throw new IllegalArgumentException("unknown tracer " + name);
    }
  }

  /** OpenTelemetry's exporter with the network left out. */
  static final class DiscardingExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
