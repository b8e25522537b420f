package com.jstverify.tracing.jaxrs;

import com.jstverify.tracing.internal.UrlPaths;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMap;
import io.opentracing.tag.Tags;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URI;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the client span, child of the caller's span, and injects its headers; finishes it when
 * the response arrives.
 */
final class TracingClientFilter implements ClientRequestFilter, ClientResponseFilter {
  /**
   * Request filters run in ascending priority: a high value runs last, so the span measures the
   * call itself and its headers cannot be removed by other filters.
   */
  static final int PRIORITY = Integer.MAX_VALUE - 100;

  /**
   * The request property with the {@link SpanContext} that was active on the thread that made the
   * call, when a runtime-specific hook noted it ({@link JerseyCallingThread}): the client span's
   * parent, even when the filter runs on another thread.
   */
  static final String CALLER_SPAN = TracingClientFilter.class.getName() + ".callerSpan";

  private static final Logger LOG = Logger.getLogger(TracingClientFilter.class.getName());

  private final TracingClientFeature feature;

  TracingClientFilter(TracingClientFeature feature) {
    this.feature = feature;
  }

  @Override
  public void filter(ClientRequestContext request) {
    try {
      if (request.getProperty(ClientSpanState.PROPERTY) != null) return; // registered twice
      Tracer tracer = feature.tracer;
      URI uri = request.getUri();
      String host = hostOf(uri);
      int port = portOf(uri);
      Tracer.SpanBuilder builder =
          tracer
              .buildSpan(operationName(request))
              .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_CLIENT)
              .withTag(Tags.COMPONENT.getKey(), "jaxrs")
              .withTag(Tags.HTTP_METHOD.getKey(), request.getMethod())
              .withTag(Tags.HTTP_URL.getKey(), httpUrl(uri));
      // An async call's filters may run on another thread: the parent is the span noted on the
      // calling thread. Without a note (no hook in this runtime) the tracer picks the span active
      // here, which for a synchronous call is the caller's.
      Object caller = request.getProperty(CALLER_SPAN);
      if (caller instanceof SpanContext) builder.asChildOf((SpanContext) caller);
      if (host != null) builder.withTag(Tags.PEER_HOSTNAME.getKey(), host);
      if (port > 0) builder.withTag(Tags.PEER_PORT.getKey(), port);
      Span span = builder.start();
      request.setProperty(ClientSpanState.PROPERTY, new ClientSpanState(span));
      tracer.inject(span.context(), Format.Builtin.HTTP_HEADERS, new Headers(request.getHeaders()));
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "starting the client span failed", e);
    }
  }

  @Override
  public void filter(ClientRequestContext request, ClientResponseContext response) {
    try {
      Object state = request.getProperty(ClientSpanState.PROPERTY);
      if (state instanceof ClientSpanState) ((ClientSpanState) state).finish(response.getStatus(), null);
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "finishing the client span failed", e);
    }
  }

  private String operationName(ClientRequestContext request) {
    try {
      String name = feature.operationName.apply(request);
      if (name != null) return name;
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "operationName function failed", e);
    }
    return TracingClientFeature.DEFAULT_OPERATION_NAME.apply(request);
  }

  /**
   * The host a call goes to. For a name {@code java.net.URI} does not take as a server name
   * ({@code inventory_api}: Docker Compose names services so), it knows only the authority: the
   * host is then the authority's, without user info and port. Null when there is none.
   */
  static String hostOf(URI uri) {
    String host = uri.getHost();
    if (host != null) return host;
    String hostAndPort = authorityWithoutUserInfo(uri);
    if (hostAndPort == null) return null;
    int colon = portColon(hostAndPort);
    String name = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
    return name.isEmpty() ? null : name;
  }

  static int portOf(URI uri) {
    int port = uri.getPort();
    if (port > 0) return port;
    if (uri.getHost() == null) {
      String hostAndPort = authorityWithoutUserInfo(uri);
      int colon = hostAndPort == null ? -1 : portColon(hostAndPort);
      if (colon >= 0) return Integer.parseInt(hostAndPort.substring(colon + 1));
    }
    if ("https".equalsIgnoreCase(uri.getScheme())) return 443;
    if ("http".equalsIgnoreCase(uri.getScheme())) return 80;
    return -1;
  }

  /**
   * The {@code http.url} of a call: scheme, host, port and path, nothing else. User info ({@code
   * https://user:password@host/}), query, fragment and path parameters ({@code ;jsessionid=})
   * are left out: they carry credentials, tokens and personal data, and spans leave the process.
   * Built up from the parts rather than cut out of the whole string, so only what is named here
   * can get in; built as the core's OkHttp and JDK clients build it ({@link UrlPaths}), so one
   * endpoint has one URL whichever client called it.
   */
  static String httpUrl(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    StringBuilder url = new StringBuilder(scheme).append("://");
    String host = uri.getHost(); // an IPv6 literal keeps its brackets
    if (host != null) {
      UrlPaths.appendHostAndPort(url, scheme, host, uri.getPort());
    } else if (uri.getRawAuthority() != null) {
      // A host java.net.URI does not accept as a server name (my_service:8080, as Docker
      // Compose names services) leaves only the authority: keep what follows the user info.
      url.append(authorityWithoutUserInfo(uri));
    }
    return UrlPaths.appendPath(url, uri.getRawPath()).toString();
  }

  // "host:port" or "host" of a registry-based authority (one java.net.URI found no host in).
  private static String authorityWithoutUserInfo(URI uri) {
    String authority = uri.getRawAuthority();
    return authority == null ? null : authority.substring(authority.lastIndexOf('@') + 1);
  }

  // The colon before a port of 1 to 5 digits, or -1.
  private static int portColon(String hostAndPort) {
    int colon = hostAndPort.lastIndexOf(':');
    int digits = hostAndPort.length() - colon - 1;
    if (colon < 0 || digits < 1 || digits > 5) return -1;
    for (int i = colon + 1; i < hostAndPort.length(); i++) {
      char c = hostAndPort.charAt(i);
      if (c < '0' || c > '9') return -1;
    }
    return colon;
  }

  /** Outgoing request headers as an inject carrier; a header the tracer writes replaces any. */
  private static final class Headers implements TextMap {
    private final MultivaluedMap<String, Object> headers;

    Headers(MultivaluedMap<String, Object> headers) {
      this.headers = headers;
    }

    @Override
    public void put(String key, String value) {
      headers.putSingle(key, value);
    }

    @Override
    public Iterator<Map.Entry<String, String>> iterator() {
      throw new UnsupportedOperationException("outgoing headers are write-only: use them to inject");
    }
  }
}
