package com.jstverify.tracing.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on 127.0.0.1 (JDK {@link HttpServer}, a free port) that records each request
 * and hands it to a handler; the default handler answers 200 "ok".
 *
 * <pre>{@code
 * try (LoopbackServer server = LoopbackServer.start()) {
 *   ... call server.url("/users/42") ...
 *   server.requests().get(0).header("traceparent");
 * }
 * }</pre>
 */
final class LoopbackServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Recorded> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile HttpHandler handler = exchange -> respond(exchange, 200, "ok");

  private LoopbackServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    executor =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "loopback-server");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  static LoopbackServer start() throws IOException {
    return new LoopbackServer();
  }

  static LoopbackServer start(HttpHandler handler) throws IOException {
    LoopbackServer server = new LoopbackServer();
    server.handler = handler;
    return server;
  }

  /** A port nothing listens on: connecting to it is refused. */
  static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  String url(String pathAndQuery) {
    return "http://127.0.0.1:" + port() + pathAndQuery;
  }

  List<Recorded> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  static void respond(HttpExchange exchange, int code, String body) throws IOException {
    byte[] out = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(code, out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
  }

  /** The first value of each request header, names lower-cased. */
  static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> headers = new TreeMap<>();
    for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
      headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue().get(0));
    }
    return headers;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      requests.add(
          new Recorded(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              headers(exchange),
              new String(body, StandardCharsets.UTF_8)));
      handler.handle(exchange);
    } finally {
      exchange.close();
    }
  }

  static final class Recorded {
    final String method;
    final String path;
    final Map<String, String> headers;
    final String body;

    Recorded(String method, String path, Map<String, String> headers, String body) {
      this.method = method;
      this.path = path;
      this.headers = headers;
      this.body = body;
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }
}
