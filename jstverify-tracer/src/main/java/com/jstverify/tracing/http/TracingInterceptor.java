package com.jstverify.tracing.http;

import com.jstverify.tracing.internal.SpanErrors;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.log.Fields;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import java.util.LinkedHashMap;
import java.util.Map;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * An OkHttp application interceptor that traces each call as a client span and sends the trace
 * headers with it.
 *
 * <pre>{@code
 * OkHttpClient client = new OkHttpClient.Builder()
 *     .addInterceptor(TracingInterceptor.create(tracer))
 *     .build();
 * }</pre>
 *
 * <p>The span is a child of the span active where the interceptor runs: the caller's thread for
 * {@code execute()}, but OkHttp's dispatcher thread for {@code enqueue()}, where nothing is
 * active. {@link TracingCallFactory} captures the caller's span at {@code newCall} and so also
 * parents asynchronous calls correctly: prefer it. The span ends when the response headers
 * arrive, or when the call fails or is cancelled ({@code error=true}).
 */
public final class TracingInterceptor implements Interceptor {
  static final String COMPONENT = "okhttp";

  // How much earlier than this interceptor the call's own timeout clock may have started: a
  // thread descheduled in between makes it milliseconds. An application's cancel within this
  // much of the timeout is taken for the timeout, which is what it nearly was.
  private static final long TIMEOUT_SLACK_NANOS = 10_000_000L;

  private final Tracer tracer;
  private final Function<Request, String> spanName;

  private TracingInterceptor(Tracer tracer, Function<Request, String> spanName) {
    this.tracer = tracer;
    this.spanName = spanName;
  }

  /** Spans named {@code "<METHOD> <host>"}. */
  public static TracingInterceptor create(Tracer tracer) {
    return create(tracer, TracingInterceptor::defaultSpanName);
  }

  /** Spans named by {@code spanName} (e.g. {@code r -> r.method() + " " + r.url().encodedPath()}). */
  public static TracingInterceptor create(Tracer tracer, Function<Request, String> spanName) {
    if (tracer == null) throw new NullPointerException("tracer == null");
    if (spanName == null) throw new NullPointerException("spanName == null");
    return new TracingInterceptor(tracer, spanName);
  }

  /** {@code "GET api.example.com"}. */
  public static String defaultSpanName(Request request) {
    return ClientSpans.defaultName(request.method(), request.url().host());
  }

  /** Whether {@code client} already has an interceptor of ours (so it is not added twice). */
  static boolean isTraced(OkHttpClient client) {
    for (Interceptor i : client.interceptors()) {
      if (i instanceof TracingInterceptor) return true;
    }
    return false;
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    long callTimeoutNanos = chain.call().timeout().timeoutNanos();
    long startNanos = callTimeoutNanos > 0 ? System.nanoTime() : 0L; // the clock only if needed
    Request request = chain.request();
    CallerSpan caller = request.tag(CallerSpan.class);
    SpanContext parent = caller != null ? caller.context : null;
    HttpUrl url = request.url();
    String name = ClientSpans.name(spanName, request, TracingInterceptor::defaultSpanName);
    Span span =
        ClientSpans.start(
            tracer, name, parent, caller == null, COMPONENT, request.method(),
            url.scheme(), url.host(), url.port(), url.encodedPath());
    Request.Builder traced = request.newBuilder();
    Map<String, String> headers = new LinkedHashMap<>();
    tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    headers.forEach(traced::header);
    try (Scope ignored = tracer.activateSpan(span)) {
      Response response = chain.proceed(traced.build());
      Tags.HTTP_STATUS.set(span, response.code());
      if (response.code() != 101 && "websocket".equalsIgnoreCase(request.header("Upgrade"))) {
        // OkHttp fails the web socket after this returns (onFailure): the span must say so.
        Tags.ERROR.set(span, true);
        span.log(
            Map.of(
                Fields.EVENT, Tags.ERROR.getKey(),
                Fields.MESSAGE, "web socket upgrade answered " + response.code() + ", not 101"));
      }
      return response;
    } catch (IOException | RuntimeException | Error e) {
      // A cancelled call ends here too, as IOException("Canceled").
      if (chain.call().isCanceled() && !timedOut(callTimeoutNanos, startNanos)) {
        span.setTag("http.cancelled", true);
      }
      SpanErrors.record(span, e);
      throw e;
    } finally {
      span.finish();
    }
  }

  /**
   * Whether the call's {@code callTimeout} has passed since {@code startNanos}. OkHttp ends such a
   * call by cancelling it, and interceptors see the same exception as for the application's
   * cancel (its {@code InterruptedIOException("timeout")} is made after them): only the time
   * tells them apart. The call's clock started a little before ours (more when an application
   * interceptor added before this one took long), hence the slack.
   */
  private static boolean timedOut(long callTimeoutNanos, long startNanos) {
    return callTimeoutNanos > 0
        && System.nanoTime() - startNanos + TIMEOUT_SLACK_NANOS >= callTimeoutNanos;
  }

  /** The span active where {@code newCall} was made, carried on the request to the interceptor. */
  static final class CallerSpan {
    final SpanContext context; // null: there was none, the call starts a root trace

    CallerSpan(SpanContext context) {
      this.context = context;
    }
  }
}
