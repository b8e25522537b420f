package com.jstverify.tracing.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The W3C test-service contract, driven the way the official suite drives it: a POST with
 * trace headers and a list of callbacks, each callback answered by a harness server here.
 */
class ITW3cInteropService {
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  W3cInteropService service;
  HttpServer harness;
  final List<Map<String, List<String>>> callbacks = new CopyOnWriteArrayList<>();
  final List<String> bodies = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    service = W3cInteropService.start(0);
    harness = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    harness.createContext(
        "/callback",
        exchange -> {
          try (InputStream in = exchange.getRequestBody()) {
            bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          }
          callbacks.add(Map.copyOf(exchange.getRequestHeaders()));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    harness.start();
  }

  @AfterEach
  void stop() {
    service.close();
    harness.stop(0);
  }

  int post(String... headers) throws Exception {
    String callback = "http://127.0.0.1:" + harness.getAddress().getPort() + "/callback";
    String body =
        "[{\"url\": \"" + callback + "\", \"arguments\": [{\"url\": \"" + callback + "\", \"arguments\": []}]},"
            + " {\"url\": \"" + callback + "\", \"arguments\": []}]";
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/test"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) return String.join(",", e.getValue());
    }
    return null;
  }

  @Test
  void validTraceparent_andTracestate_areContinuedInEveryCallback() throws Exception {
    int status =
        post(
            "traceparent", "00-" + TRACE_ID + "-b7ad6b7169203331-01",
            "tracestate", "foo=1, bar=2");

    assertEquals(200, status);
    assertEquals(2, callbacks.size(), "one call per entry, after which it answers");
    assertEquals("[{\"url\":\"" + "http://127.0.0.1:" + harness.getAddress().getPort() + "/callback\",\"arguments\":[]}]", bodies.get(0));
    for (Map<String, List<String>> headers : callbacks) {
      String traceparent = header(headers, "traceparent");
      assertTrue(traceparent.startsWith("00-" + TRACE_ID + "-"), traceparent);
      assertNotEquals("b7ad6b7169203331", traceparent.substring(36, 52), "a new parent id");
      assertTrue(traceparent.endsWith("-01"), traceparent);
      assertEquals("foo=1,bar=2", header(headers, "tracestate"));
    }
  }

  @Test
  void invalidTraceparent_restartsTheTrace_withTheRandomFlag() throws Exception {
    assertEquals(200, post("traceparent", "00-" + TRACE_ID.toUpperCase() + "-b7ad6b7169203331-01", "tracestate", "foo=1"));

    String traceparent = header(callbacks.get(0), "traceparent");
    assertTrue(!traceparent.contains(TRACE_ID) && traceparent.startsWith("00-"), traceparent);
    assertTrue(traceparent.endsWith("-03"), "sampled + Level 2 random trace id: " + traceparent);
    assertEquals(null, header(callbacks.get(0), "tracestate"), "tracestate dropped with its traceparent");
  }
}
