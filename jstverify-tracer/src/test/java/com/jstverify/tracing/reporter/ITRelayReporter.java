package com.jstverify.tracing.reporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.DropReason;
import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.Transport;
import com.squareup.moshi.JsonReader;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentracing.SpanContext;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The relay transport end to end: an application on a real loopback HTTP server writes its
 * spans into {@code X-JstVerify-Spans}, and a client reads them back as the browser SDK would.
 */
class ITRelayReporter {
  static final String BROWSER_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String BROWSER_SPAN_ID = "b7ad6b7169203331";

  final HttpClient browser = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final List<AutoCloseable> resources = new ArrayList<>();
  JstVerifyTracer tracer;
  RelayReporter relay;
  HttpServer app;

  @AfterEach
  void tearDown() throws Exception {
    if (app != null) app.stop(0);
    if (tracer != null) tracer.close();
    for (AutoCloseable r : resources) r.close();
  }

  /** The application: a server span per request, {@code childSpans} children, the relay header. */
  void startApp(int childSpans) throws IOException {
    relay = (RelayReporter) tracer.reporter();
    app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    resources.add(executor::shutdownNow);
    app.setExecutor(executor);
    app.createContext("/", exchange -> serve(exchange, childSpans));
    app.start();
  }

  void serve(HttpExchange exchange, int childSpans) throws IOException {
    Map<String, String> incoming = new HashMap<>();
    for (String name : exchange.getRequestHeaders().keySet()) {
      incoming.put(name, exchange.getRequestHeaders().getFirst(name));
    }
    SpanContext parent = tracer.extract(Format.Builtin.HTTP_HEADERS, new TextMapAdapter(incoming));
    String path = exchange.getRequestURI().getPath();
    JstVerifySpan server =
        (JstVerifySpan)
            tracer
                .buildSpan("GET " + path)
                .asChildOf(parent)
                .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_SERVER)
                .start();
    relay.beginRequest(server);
    for (int i = 0; i < childSpans; i++) {
      tracer.buildSpan("SELECT " + i).asChildOf(server).start().finish();
    }
    server.setHttpMetadata("GET", path, 200);
    server.finish();

    // What a server integration does when the response is committed.
    Headers headers = exchange.getResponseHeaders();
    headers.set(RelayHeaders.EXPOSE_HEADERS, "X-Request-Id");
    String spans = relay.endRequest(server);
    if (spans != null) {
      headers.set(RelayHeaders.HEADER_NAME, spans);
      headers.set(
          RelayHeaders.EXPOSE_HEADERS,
          RelayHeaders.mergeExposeHeaders(headers.getFirst(RelayHeaders.EXPOSE_HEADERS)));
    }
    byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  HttpResponse<String> get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.getAddress().getPort() + path))
            .header("X-JstVerify-Trace-Id", BROWSER_TRACE_ID)
            .header("X-JstVerify-Parent-Span-Id", BROWSER_SPAN_ID)
            .timeout(Duration.ofSeconds(5))
            .build();
    return browser.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> spansIn(HttpResponse<?> response) throws IOException {
    String header = response.headers().firstValue(RelayHeaders.HEADER_NAME).orElseThrow();
    String json = RelayHeaders.decode(header);
    return (List<Map<String, Object>>) JsonReader.of(new Buffer().writeUtf8(json)).readJsonValue();
  }

  JstVerifyTracer.Builder relayTracer() {
    return JstVerifyTracer.builder()
        .serviceName("orders-api")
        .transport(Transport.RELAY)
        .shutdownHook(false);
  }

  @Test
  void responseCarriesTheRequestsSpans_joinedToTheBrowsersTrace() throws Exception {
    tracer = relayTracer().build();
    startApp(2);

    HttpResponse<String> response = get("/users/42");

    assertEquals(200, response.statusCode());
    List<Map<String, Object>> spans = spansIn(response);
    assertEquals(3, spans.size());
    Map<String, Object> server = spans.get(0);
    assertEquals("GET /users/42", server.get("operationName"), "the server span comes first");
    assertEquals(BROWSER_TRACE_ID, server.get("traceId"));
    assertEquals(BROWSER_SPAN_ID, server.get("parentSpanId"));
    assertEquals(200.0, server.get("statusCode"));
    assertEquals("SELECT 0", spans.get(1).get("operationName"));
    assertEquals(server.get("spanId"), spans.get(2).get("parentSpanId"));
    assertEquals(
        "X-Request-Id, X-JstVerify-Spans",
        response.headers().firstValue("Access-Control-Expose-Headers").orElseThrow(),
        "the application's exposed header is kept");
    assertEquals(3, tracer.metrics().spansReported());
  }

  @Test
  void aBusyRequest_staysWithin7500Bytes_overARealSocket() throws Exception {
    tracer = relayTracer().build();
    startApp(200);

    HttpResponse<String> response = get("/report");

    String header = response.headers().firstValue(RelayHeaders.HEADER_NAME).orElseThrow();
    assertTrue(header.length() <= 7500, "header bytes: " + header.length());
    List<Map<String, Object>> spans = spansIn(response);
    assertEquals("GET /report", spans.get(0).get("operationName"));
    assertEquals(
        201 - spans.size(), tracer.metrics().spansDropped(DropReason.RELAY_HEADER_FULL));
    assertEquals(201, tracer.metrics().spansReported() + tracer.metrics().spansDropped());
  }

  @Test
  void spansOutsideRequests_goDirectlyToTheApi_whenAnEndpointAndKeyAreConfigured()
      throws Exception {
    FakeIngestionServer ingestion = FakeIngestionServer.start();
    resources.add(ingestion);
    tracer =
        relayTracer()
            .endpoint(ingestion.endpoint())
            .apiKey("relay-fallback-key")
            .flushInterval(Duration.ofMillis(100))
            .build();
    startApp(1);

    HttpResponse<String> response = get("/orders");
    JstVerifySpan job = (JstVerifySpan) tracer.buildSpan("nightly-export").start();
    job.finish();

    assertTrue(tracer.flush(Duration.ofSeconds(5)), "the background span was delivered");
    assertEquals(2, spansIn(response).size(), "request spans rode on the response");
    List<Map<String, Object>> sent = ingestion.spans();
    assertEquals(1, sent.size(), "only the span outside any request was POSTed: " + sent);
    assertEquals(job.spanId(), sent.get(0).get("spanId"));
    FakeIngestionServer.RecordedRequest post = ingestion.requests().get(0);
    assertEquals("relay-fallback-key", post.header("X-API-Key"));
    assertEquals(3, tracer.metrics().spansReported());
    assertFalse(tracer.toString().contains("relay-fallback-key"));
    assertFalse(tracer.reporter().toString().contains("relay-fallback-key"));
  }

  @Test
  void withoutAnEndpoint_spansOutsideRequestsAreCounted_notSent() throws Exception {
    tracer = relayTracer().apiKey("unused-key").build(); // a key alone does not enable sending
    startApp(0);

    get("/ping");
    tracer.buildSpan("background").start().finish();

    assertEquals(1, tracer.metrics().spansDropped(DropReason.NO_REQUEST));
    assertEquals(1, tracer.metrics().spansReported());
  }
}
