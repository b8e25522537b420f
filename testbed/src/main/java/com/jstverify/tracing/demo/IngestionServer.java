package com.jstverify.tracing.demo;

import com.squareup.moshi.JsonReader;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import okio.Buffer;
import okio.Okio;

/**
 * A local stand-in for the JstVerify ingestion API (section 3 of the wire contract), on
 * loopback: checks the API key, accepts {@code {"spans": [...]}} batches and keeps the spans.
 *
 * <pre>{@code
 * try (IngestionServer ingestion = IngestionServer.start("demo-key")) {
 *   String endpoint = ingestion.endpoint(); // http://127.0.0.1:<port>/v1/tracing/spans
 * }
 * }</pre>
 */
public final class IngestionServer implements AutoCloseable {
  /** The path of the ingestion API. */
  public static final String PATH = "/v1/tracing/spans";

  private final HttpServer server;
  private final ExecutorService executor;
  private final String apiKey;
  private final List<Map<String, Object>> spans = new ArrayList<>();
  private final AtomicInteger batches = new AtomicInteger();
  private final AtomicInteger rejected = new AtomicInteger();

  private IngestionServer(HttpServer server, ExecutorService executor, String apiKey) {
    this.server = server;
    this.executor = executor;
    this.apiKey = apiKey;
  }

  /** Starts on 127.0.0.1, on a free port. */
  public static IngestionServer start(String apiKey) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    ExecutorService executor =
        Executors.newFixedThreadPool(
            2,
            r -> {
              Thread t = new Thread(r, "ingestion");
              t.setDaemon(true);
              return t;
            });
    IngestionServer ingestion = new IngestionServer(server, executor, apiKey);
    server.createContext(PATH, ingestion::handle);
    server.setExecutor(executor);
    server.start();
    return ingestion;
  }

  /** The URL to configure as the tracer's endpoint. */
  public String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
  }

  /** A copy of every span received so far, as parsed JSON objects. */
  public List<Map<String, Object>> spans() {
    synchronized (spans) {
      return new ArrayList<>(spans);
    }
  }

  /** Adds spans that reached JstVerify another way (the browser forwarding relayed spans). */
  public void accept(List<Map<String, Object>> forwarded) {
    synchronized (spans) {
      spans.addAll(forwarded);
    }
  }

  public int batchesAccepted() {
    return batches.get();
  }

  public int batchesRejected() {
    return rejected.get();
  }

  private void handle(HttpExchange exchange) throws IOException {
    // HttpExchange is AutoCloseable only from Java 14; we build for 11.
    try {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "{\"error\":\"POST only\"}");
        return;
      }
      if (!apiKey.equals(exchange.getRequestHeaders().getFirst("X-API-Key"))) {
        rejected.incrementAndGet();
        respond(exchange, 401, "{\"error\":\"invalid API key\"}");
        return;
      }
      List<Map<String, Object>> received;
      try (InputStream in = exchange.getRequestBody()) {
        received = parseBatch(in);
      } catch (IOException | RuntimeException e) {
        rejected.incrementAndGet();
        respond(exchange, 400, "{\"error\":\"malformed batch\"}");
        return;
      }
      accept(received);
      batches.incrementAndGet();
      respond(exchange, 202, "{\"accepted\":" + received.size() + "}");
    } finally {
      exchange.close();
    }
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> parseBatch(InputStream in) throws IOException {
    Object body = JsonReader.of(Okio.buffer(Okio.source(in))).readJsonValue();
    Object spans = ((Map<String, Object>) body).get("spans");
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object span : (List<Object>) spans) out.add((Map<String, Object>) span);
    return out;
  }

  /** Parses a JSON array of spans (what a relay header decodes to). */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> parseArray(String json) throws IOException {
    List<Object> array = (List<Object>) JsonReader.of(new Buffer().writeUtf8(json)).readJsonValue();
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object span : array) out.add((Map<String, Object>) span);
    return out;
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
