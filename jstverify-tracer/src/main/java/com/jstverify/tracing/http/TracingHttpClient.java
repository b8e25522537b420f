package com.jstverify.tracing.http;

import com.jstverify.tracing.internal.SpanErrors;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import java.util.LinkedHashMap;
import java.util.Map;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A {@link HttpClient} that traces {@code send} and {@code sendAsync} as client spans of the
 * span active at the call, sending the trace headers with each request.
 *
 * <pre>{@code
 * HttpClient http = TracingHttpClient.wrap(HttpClient.newHttpClient(), tracer);
 * HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
 * }</pre>
 *
 * <p>Everything else delegates to the wrapped client. An asynchronous span ends when the
 * returned future completes, normally, exceptionally or by {@code cancel} (which is passed on to
 * the client's own future).
 */
public final class TracingHttpClient extends HttpClient {
  static final String COMPONENT = "java-http-client";

  private final HttpClient delegate;
  private final Tracer tracer;
  private final Function<HttpRequest, String> spanName;

  private TracingHttpClient(HttpClient delegate, Tracer tracer, Function<HttpRequest, String> spanName) {
    this.delegate = delegate;
    this.tracer = tracer;
    this.spanName = spanName;
  }

  /** Spans named {@code "<METHOD> <host>"}. */
  public static TracingHttpClient wrap(HttpClient client, Tracer tracer) {
    return wrap(client, tracer, TracingHttpClient::defaultSpanName);
  }

  /** Spans named by {@code spanName}. */
  public static TracingHttpClient wrap(
      HttpClient client, Tracer tracer, Function<HttpRequest, String> spanName) {
    if (client == null) throw new NullPointerException("client == null");
    if (tracer == null) throw new NullPointerException("tracer == null");
    if (spanName == null) throw new NullPointerException("spanName == null");
    if (client instanceof TracingHttpClient) client = ((TracingHttpClient) client).delegate;
    return new TracingHttpClient(client, tracer, spanName);
  }

  /** {@code "GET api.example.com"}. */
  public static String defaultSpanName(HttpRequest request) {
    return ClientSpans.defaultName(request.method(), request.uri().getHost());
  }

  /** The client underneath. */
  public HttpClient delegate() {
    return delegate;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    Span span = start(request);
    HttpRequest traced = inject(request, span);
    try (Scope ignored = tracer.activateSpan(span)) {
      HttpResponse<T> response = delegate.send(traced, handler);
      Tags.HTTP_STATUS.set(span, response.statusCode());
      return response;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      SpanErrors.record(span, e);
      throw e;
    } finally {
      span.finish();
    }
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    return sendAsync(request, handler, null);
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
    Span span = start(request);
    CompletableFuture<HttpResponse<T>> sent;
    try {
      HttpRequest traced = inject(request, span);
      sent =
          pushPromiseHandler == null
              ? delegate.sendAsync(traced, handler)
              : delegate.sendAsync(traced, handler, pushPromiseHandler);
    } catch (RuntimeException | Error e) {
      SpanErrors.record(span, e);
      span.finish();
      throw e;
    }
    AtomicBoolean finished = new AtomicBoolean();
    CompletableFuture<HttpResponse<T>> result = new CompletableFuture<>();
    sent.whenComplete(
        (response, error) -> {
          if (finished.compareAndSet(false, true)) {
            if (error != null) {
              SpanErrors.record(span, unwrap(error));
            } else {
              Tags.HTTP_STATUS.set(span, response.statusCode());
            }
            span.finish();
          }
          if (error != null) {
            result.completeExceptionally(error); // as the client's own future would
          } else {
            result.complete(response);
          }
        });
    // The caller's cancel reaches only our future: end the span and pass it on.
    result.whenComplete(
        (response, error) -> {
          if (error instanceof CancellationException && finished.compareAndSet(false, true)) {
            span.setTag("http.cancelled", true);
            SpanErrors.record(span, error);
            span.finish();
            sent.cancel(true);
          }
        });
    return result;
  }

  private Span start(HttpRequest request) {
    URI uri = request.uri();
    Span active = tracer.activeSpan();
    String path = uri.getRawPath();
    String name = ClientSpans.name(spanName, request, TracingHttpClient::defaultSpanName);
    return ClientSpans.start(
        tracer, name, active == null ? null : active.context(), false, COMPONENT,
        request.method(), uri.getScheme(), uri.getHost(), ClientSpans.port(uri), path);
  }

  /** A copy of {@code request} with the trace headers (HttpRequest is immutable). */
  private HttpRequest inject(HttpRequest request, Span span) {
    HttpRequest.Builder copy = HttpRequest.newBuilder(request.uri());
    copy.expectContinue(request.expectContinue());
    request.timeout().ifPresent(copy::timeout);
    request.version().ifPresent(copy::version);
    copy.method(request.method(), request.bodyPublisher().orElse(HttpRequest.BodyPublishers.noBody()));
    for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
      for (String value : header.getValue()) copy.header(header.getKey(), value);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
    headers.forEach(copy::setHeader);
    return copy.build();
  }

  private static Throwable unwrap(Throwable error) {
    return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
  }

  // ---- delegation ----

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return delegate.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return delegate.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return delegate.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return delegate.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return delegate.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return delegate.authenticator();
  }

  @Override
  public Version version() {
    return delegate.version();
  }

  @Override
  public Optional<Executor> executor() {
    return delegate.executor();
  }

  @Override
  public java.net.http.WebSocket.Builder newWebSocketBuilder() {
    return delegate.newWebSocketBuilder();
  }

  @Override
  public String toString() {
    return "TracingHttpClient{" + delegate + "}";
  }
}
