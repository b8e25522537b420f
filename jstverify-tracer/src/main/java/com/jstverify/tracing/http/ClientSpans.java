package com.jstverify.tracing.http;

import com.jstverify.tracing.internal.UrlPaths;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.tag.Tags;
import java.net.URI;
import java.util.Locale;
import java.util.function.Function;

/** What the OkHttp and JDK client instrumentations share: tags, errors, the default name. */
final class ClientSpans {
  private ClientSpans() {}

  /** "GET api.example.com", the default span name. */
  static String defaultName(String method, String host) {
    return method + " " + (host == null ? "unknown-host" : host);
  }

  /**
   * The name {@code spanName} gives {@code request}, or {@code defaultName}'s when it gives none
   * or throws: a broken naming function must not break the application's call.
   */
  static <R> String name(Function<R, String> spanName, R request, Function<R, String> defaultName) {
    try {
      String name = spanName.apply(request);
      if (name != null && !name.isEmpty()) return name;
    } catch (RuntimeException e) {
      // fall back to the default name below
    }
    return defaultName.apply(request);
  }

  /** Starts the client span as a child of {@code parent} (a root when null), not activated. */
  static Span start(
      Tracer tracer, String name, SpanContext parent, boolean useActive, String component,
      String method, String scheme, String host, int port, String path) {
    Tracer.SpanBuilder builder = tracer.buildSpan(name);
    if (parent != null) {
      builder.asChildOf(parent);
    } else if (!useActive) {
      builder.ignoreActiveSpan();
    }
    Span span =
        builder
            .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CLIENT)
            .withTag(Tags.COMPONENT.getKey(), component)
            .withTag(Tags.HTTP_METHOD.getKey(), method)
            .withTag(Tags.HTTP_URL.getKey(), UrlPaths.httpUrl(scheme, host, port, path))
            .start();
    if (host != null) span.setTag(Tags.PEER_HOSTNAME.getKey(), host);
    if (port > 0) span.setTag(Tags.PEER_PORT.getKey(), port);
    return span;
  }

  static int port(URI uri) {
    if (uri.getPort() > 0) return uri.getPort();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return "https".equals(scheme) ? 443 : "http".equals(scheme) ? 80 : -1;
  }
}
