package com.jstverify.tracing.demo;

import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.reporter.InMemoryReporter;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import okio.Buffer;
import okio.Okio;

/**
 * The test service of the official W3C Trace Context test suite (w3c/trace-context, {@code
 * test/}), built on the tracer's public API only: a {@code POST} carrying {@code traceparent} /
 * {@code tracestate} and a JSON body {@code [{"url": ..., "arguments": [...]}, ...]} makes it
 * POST each entry's {@code arguments} to its {@code url}, with headers injected from a new child
 * span, then answer 200.
 *
 * <pre>
 * java -cp ... com.jstverify.tracing.demo.W3cInteropService 7777
 * # in a checkout of w3c/trace-context/test:  python3 test.py http://127.0.0.1:7777/test
 * </pre>
 */
public final class W3cInteropService implements AutoCloseable {
  private final HttpServer server;
  private final JstVerifyTracer tracer;
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private W3cInteropService(HttpServer server, JstVerifyTracer tracer) {
    this.server = server;
    this.tracer = tracer;
  }

  /** Starts on 127.0.0.1:{@code port} (0 for a free port); the suite posts to {@code /test}. */
  public static W3cInteropService start(int port) throws IOException {
    JstVerifyTracer tracer =
        JstVerifyTracer.builder()
            .serviceName("w3c-interop")
            .propagation("w3c") // the suite checks the W3C headers only
            .reporter(new InMemoryReporter(10_000))
            .shutdownHook(false)
            .build();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    W3cInteropService service = new W3cInteropService(server, tracer);
    server.createContext("/test", service::handle);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.start();
    return service;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public JstVerifyTracer tracer() {
    return tracer;
  }

  private void handle(HttpExchange exchange) throws IOException {
    // HttpExchange is AutoCloseable only from Java 14; we build for 11.
    try {
      Map<String, String> headers = new HashMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
      SpanContext parent =
          tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(headers));
      Span server = tracer.buildSpan("POST /test").asChildOf(parent).start();
      try {
        List<Object> calls;
        try (InputStream in = exchange.getRequestBody()) {
          calls = parseCalls(in);
        }
        for (Object call : calls) callBack((Map<?, ?>) call, server);
        exchange.sendResponseHeaders(200, -1);
      } catch (IOException | RuntimeException e) {
        exchange.sendResponseHeaders(400, -1);
      } finally {
        server.finish();
      }
    } finally {
      exchange.close();
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Object> parseCalls(InputStream in) throws IOException {
    Object body = JsonReader.of(Okio.buffer(Okio.source(in))).readJsonValue();
    return body instanceof List ? (List<Object>) body : List.of();
  }

  private void callBack(Map<?, ?> call, Span parent) throws IOException {
    Span client = tracer.buildSpan("POST callback").asChildOf(parent).start();
    try {
      Map<String, String> injected = new HashMap<>();
      tracer.inject(client.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(injected));
      Buffer body = new Buffer();
      try (JsonWriter writer = JsonWriter.of(body)) {
        writer.jsonValue(call.get("arguments"));
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(String.valueOf(call.get("url"))))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.readUtf8()));
      injected.forEach(request::header);
      client.setTag("http.status_code", send(request.build()));
    } finally {
      client.finish();
    }
  }

  private int send(HttpRequest request) throws IOException {
    try {
      return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    tracer.close();
  }

  public static void main(String[] args) throws IOException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 7777;
    W3cInteropService service = start(port);
    System.out.println(
        "W3C Trace Context test service on http://127.0.0.1:" + service.port() + "/test");
  }
}
