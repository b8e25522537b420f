package com.jstverify.tracing.internal;

/** What the HTTP instrumentations keep of a request's path in {@code http.url}. */
public final class UrlPaths {
  private UrlPaths() {}

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
