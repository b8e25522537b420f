package com.jstverify.tracing.internal;

/** What the HTTP instrumentations keep of a request's URL in {@code http.url}. */
public final class UrlPaths {
  private UrlPaths() {}

  /**
   * {@code scheme://host[:port]/path}: nothing else (no user info, query or fragment), the default
   * port left out, path parameters too ({@link #withoutParameters}), so that one endpoint has one
   * URL whichever client called it. An IPv6 {@code host} is bracketed if it is not already.
   */
  public static String httpUrl(String scheme, String host, int port, String rawPath) {
    StringBuilder url = new StringBuilder();
    url.append(scheme).append("://");
    appendHostAndPort(url, scheme, host, port);
    return appendPath(url, rawPath).toString();
  }

  /** Appends {@code host[:port]}, the port only when it is not the scheme's default. */
  public static StringBuilder appendHostAndPort(
      StringBuilder url, String scheme, String host, int port) {
    if (host != null && host.indexOf(':') >= 0 && !host.startsWith("[")) {
      url.append('[').append(host).append(']'); // IPv6: OkHttp gives it without brackets
    } else if (host != null) {
      url.append(host);
    }
    boolean defaultPort =
        ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
    if (port > 0 && !defaultPort) url.append(':').append(port);
    return url;
  }

  /** Appends {@code rawPath} without its parameters, or {@code /} when it is empty. */
  public static StringBuilder appendPath(StringBuilder url, String rawPath) {
    return url.append(rawPath == null || rawPath.isEmpty() ? "/" : withoutParameters(rawPath));
  }

  /**
   * {@code rawPath} without its path parameters: {@code /cart;jsessionid=1A2B/items;v=2} gives
   * {@code /cart/items}. A servlet container that cannot set a cookie puts the session id there
   * ({@code ;jsessionid=}), so a path parameter can be a credential, which must not leave the
   * process in a span; and, like a query, it would split one endpoint into many in the service
   * map. An encoded semicolon ({@code %3B}) is data, not a delimiter, and is kept. {@code null}
   * gives {@code null}.
   */
  public static String withoutParameters(String rawPath) {
    if (rawPath == null) return null;
    int semicolon = rawPath.indexOf(';');
    if (semicolon < 0) return rawPath; // the usual case: nothing copied
    StringBuilder path = new StringBuilder(rawPath.length());
    int pos = 0;
    while (semicolon >= 0) {
      path.append(rawPath, pos, semicolon);
      pos = rawPath.indexOf('/', semicolon); // the parameters end with their segment
      if (pos < 0) return path.toString();
      semicolon = rawPath.indexOf(';', pos);
    }
    return path.append(rawPath, pos, rawPath.length()).toString();
  }
}
