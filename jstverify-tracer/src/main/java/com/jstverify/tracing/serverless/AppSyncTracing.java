package com.jstverify.tracing.serverless;

import com.jstverify.tracing.internal.SpanErrors;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.JstVerifyTracing;
import com.jstverify.tracing.Transport;
import com.jstverify.tracing.reporter.RelayReporter;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import java.time.Duration;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Wraps a direct Lambda resolver of AWS AppSync so each invocation is a server span named after
 * the field it resolves ({@code "Query.listUsers"}), continuing the trace of the GraphQL
 * request's headers, and delivered before the resolver returns.
 *
 * <pre>{@code
 * BiFunction<Map<String, Object>, Object, Object> resolver =
 *     AppSyncTracing.wrap(JstVerifyTracing.init(), (event, context) -> listUsers(event));
 * }</pre>
 *
 * <p>Direct transport only: AppSync does not pass a Lambda resolver's response headers on to
 * the client, so relayed spans would be lost; {@link #wrap} refuses a relay tracer.
 */
public final class AppSyncTracing {
  static final String COMPONENT = "aws-appsync";

  private AppSyncTracing() {}

  /** Traces {@code resolver}, flushing at most 5 seconds per invocation. */
  public static <R> BiFunction<Map<String, Object>, Object, R> wrap(
      JstVerifyTracer tracer, BiFunction<Map<String, Object>, Object, R> resolver) {
    return wrap(tracer, resolver, JstVerifyTracing.DEFAULT_FLUSH_TIMEOUT);
  }

  /**
   * Traces {@code resolver}, flushing at most {@code flushTimeout} per invocation.
   *
   * @throws IllegalArgumentException when {@code tracer} uses the relay transport
   */
  public static <R> BiFunction<Map<String, Object>, Object, R> wrap(
      JstVerifyTracer tracer, BiFunction<Map<String, Object>, Object, R> resolver, Duration flushTimeout) {
    if (tracer == null) throw new NullPointerException("tracer == null");
    if (resolver == null) throw new NullPointerException("resolver == null");
    if (flushTimeout == null) throw new NullPointerException("flushTimeout == null");
    if (tracer.transport() == Transport.RELAY || tracer.reporter() instanceof RelayReporter) {
      throw new IllegalArgumentException(
          "AppSyncTracing needs the DIRECT transport: AppSync does not pass a Lambda resolver's"
              + " response headers to the client, so spans relayed in X-JstVerify-Spans would be"
              + " lost. Configure the tracer with transport(Transport.DIRECT) and an API key"
              + " (JSTVERIFY_TRANSPORT=direct).");
    }
    return (event, context) -> invoke(tracer, resolver, flushTimeout, event, context);
  }

  /** {@code "Query.listUsers"}: {@code info.parentTypeName} and {@code info.fieldName}. */
  static String operationName(Map<String, Object> event) {
    String type = event == null ? null : Events.string(event, "info", "parentTypeName");
    String field = event == null ? null : Events.string(event, "info", "fieldName");
    return (type == null ? "unknown" : type) + "." + (field == null ? "unknown" : field);
  }

  private static <R> R invoke(
      JstVerifyTracer tracer,
      BiFunction<Map<String, Object>, Object, R> resolver,
      Duration flushTimeout,
      Map<String, Object> event,
      Object context) {
    SpanContext parent =
        event == null
            ? null
            : Events.extract(tracer, Events.headers(Events.at(event, "request", "headers"), null));
    Span span = Events.startServerSpan(tracer, operationName(event), COMPONENT, parent);
    if (event != null) {
      String type = Events.string(event, "info", "parentTypeName");
      String field = Events.string(event, "info", "fieldName");
      if (type != null) span.setTag("graphql.parent_type", type);
      if (field != null) span.setTag("graphql.field", field);
    }
    try (Scope ignored = tracer.activateSpan(span)) {
      return resolver.apply(event, context);
    } catch (Throwable t) {
      // Throwable: a checked exception thrown undeclared (Lombok's @SneakyThrows, Kotlin) too.
      // Recorded here, rethrown unchanged by the try statement.
      SpanErrors.record(span, t);
      throw t;
    } finally {
      span.finish();
      // Before returning: Lambda may freeze the process as soon as the resolver has returned.
      tracer.flush(flushTimeout);
    }
  }
}
