package com.jstverify.tracing.http;

import io.opentracing.Span;
import io.opentracing.Tracer;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * A {@link Call.Factory} that traces every call of an {@link OkHttpClient}, synchronous or
 * enqueued, as a client span of the span active where the call is made.
 *
 * <pre>{@code
 * Call.Factory http = TracingCallFactory.wrap(okHttpClient, tracer);
 * try (Response response = http.newCall(new Request.Builder().url(url).build()).execute()) { ... }
 * // Retrofit: new Retrofit.Builder().callFactory(http)...
 * }</pre>
 *
 * <p>The wrapped client shares the original's connection pool and dispatcher; the original is
 * left untouched. Each call's span ends with its response headers, its failure or its
 * cancellation ({@code Call.cancel()} before or during the exchange), before OkHttp runs an
 * async {@code Callback}.
 */
public final class TracingCallFactory implements Call.Factory, WebSocket.Factory {
  private final OkHttpClient client;
  private final Tracer tracer;

  private TracingCallFactory(OkHttpClient client, Tracer tracer) {
    this.client = client;
    this.tracer = tracer;
  }

  /** Spans named {@code "<METHOD> <host>"}. */
  public static TracingCallFactory wrap(OkHttpClient client, Tracer tracer) {
    return wrap(client, tracer, TracingInterceptor::defaultSpanName);
  }

  /** Spans named by {@code spanName}. */
  public static TracingCallFactory wrap(
      OkHttpClient client, Tracer tracer, Function<Request, String> spanName) {
    if (client == null) throw new NullPointerException("client == null");
    if (tracer == null) throw new NullPointerException("tracer == null");
    if (spanName == null) throw new NullPointerException("spanName == null");
    OkHttpClient traced =
        TracingInterceptor.isTraced(client)
            ? client
            : client.newBuilder().addInterceptor(TracingInterceptor.create(tracer, spanName)).build();
    return new TracingCallFactory(traced, tracer);
  }

  /**
   * The traced client, for what the factory methods do not offer. Its calls are traced too, but
   * an enqueued call or a web socket made on it directly is a child of the span active on
   * OkHttp's dispatcher thread (usually none): make them through this factory instead.
   */
  public OkHttpClient client() {
    return client;
  }

  @Override
  public Call newCall(Request request) {
    return client.newCall(withCallerSpan(request));
  }

  /**
   * A web socket whose handshake is a client span of the span active here: OkHttp always runs
   * the handshake as an enqueued call, on its dispatcher thread.
   */
  @Override
  public WebSocket newWebSocket(Request request, WebSocketListener listener) {
    return client.newWebSocket(withCallerSpan(request), listener);
  }

  // Captured here, on the caller's thread: an enqueued call runs its interceptors on OkHttp's
  // dispatcher thread, where the caller's span is not active.
  private Request withCallerSpan(Request request) {
    Span active = tracer.activeSpan();
    return request
        .newBuilder()
        .tag(
            TracingInterceptor.CallerSpan.class,
            new TracingInterceptor.CallerSpan(active == null ? null : active.context()))
        .build();
  }

  @Override
  public String toString() {
    return "TracingCallFactory{" + tracer + "}";
  }
}
