package com.jstverify.tracing.serverless;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The ingestion API on 127.0.0.1: accepts every batch and keeps its spans, so a test can look at
 * what had arrived at a given moment.
 */
final class FakeIngestion implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Map<String, Object>> spans = new ArrayList<>(); // guarded by itself

  FakeIngestion() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "fake-ingestion");
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/tracing/spans";
  }

  /** The spans received so far. */
  List<Map<String, Object>> spans() {
    synchronized (spans) {
      return new ArrayList<>(spans);
    }
  }

  @SuppressWarnings("unchecked")
  private void handle(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      Map<String, Object> body = Fixtures.json(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      synchronized (spans) {
        spans.addAll((List<Map<String, Object>>) body.get("spans"));
      }
      exchange.sendResponseHeaders(200, -1);
    } finally {
      exchange.close();
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
