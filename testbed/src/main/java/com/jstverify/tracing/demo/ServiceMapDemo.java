package com.jstverify.tracing.demo;

import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.Transport;
import com.jstverify.tracing.reporter.RelayHeaders;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo: traced services on loopback, browser-like requests, spans delivered to an ingestion
 * endpoint, and the service map JstVerify would draw from them, printed and written as HTML.
 *
 * <pre>
 * mvn -B -q -Pdemo -DskipTests -pl testbed -am package
 * mvn -B -q -Pdemo -DskipTests -pl testbed -am package -Ddemo.args="--requests 200"
 * </pre>
 *
 * Options: {@code --requests N} (default 40), {@code --endpoint URL} and {@code --api-key KEY}
 * (send to a real ingestion API instead of the embedded one), {@code --out FILE} (default
 * {@code service-map.html}). Exits 0 only when every request's trace arrived complete.
 */
public final class ServiceMapDemo {
  static final String DEMO_API_KEY = "demo-api-key";
  /** How long the browser waits for any one response: a server that never answers fails the run. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  /** Held: JUL keeps loggers weakly, and the level set on a collected one is lost. */
  private static final java.util.logging.Logger GLASSFISH_LOGS =
      java.util.logging.Logger.getLogger("org.glassfish");

  /** Options of one run. */
  static final class Options {
    int requests = 40;
    String endpoint;
    String apiKey = DEMO_API_KEY;
    Path out = Paths.get("service-map.html");

    static Options parse(String... args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (arg) {
          case "--requests":
            o.requests = Integer.parseInt(require(arg, value));
            if (o.requests < 1) throw new IllegalArgumentException("--requests must be at least 1");
            i++;
            break;
          case "--endpoint":
            o.endpoint = require(arg, value);
            i++;
            break;
          case "--api-key":
            o.apiKey = require(arg, value);
            i++;
            break;
          case "--out":
            o.out = Paths.get(require(arg, value));
            i++;
            break;
          default:
            throw new IllegalArgumentException(
                "unknown option " + arg + ": expected --requests N, --endpoint URL, --api-key KEY, --out FILE");
        }
      }
      return o;
    }

    private static String require(String option, String value) {
      if (value == null) throw new IllegalArgumentException(option + " needs a value");
      return value;
    }
  }

  /** What a run sent and what arrived. */
  static final class Result {
    final List<String> expectedTraces = new ArrayList<>(); // trace ids of orders requests
    final List<String> relayTraces = new ArrayList<>();
    final List<String> incomplete = new ArrayList<>();
    ServiceMap map;
    int browserRequests;
    int w3cRequests;
    int garbageRequests;
    int failingRequests;

    boolean complete() {
      return incomplete.isEmpty();
    }
  }

  private ServiceMapDemo() {}

  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.exit(2);
      return;
    }
    quietServerLogs();
    Result result = run(options, System.out);
    System.exit(result.complete() ? 0 : 1);
  }

  /** Jersey and Grizzly announce every start and stop; the demo's own output is the point. */
  static void quietServerLogs() {
    GLASSFISH_LOGS.setLevel(java.util.logging.Level.SEVERE);
  }

  static Result run(Options options, PrintStream out) throws Exception {
    IngestionServer embedded = options.endpoint == null ? IngestionServer.start(options.apiKey) : null;
    // Stopped whatever happens: its dispatcher thread is not a daemon and would keep the JVM up.
    try {
      return run(options, out, embedded);
    } finally {
      if (embedded != null) embedded.close();
    }
  }

  private static Result run(Options options, PrintStream out, IngestionServer embedded) throws Exception {
    String endpoint = embedded != null ? embedded.endpoint() : options.endpoint;
    out.println("Ingestion endpoint: " + endpoint + (embedded != null ? " (embedded)" : ""));
    JstVerifyTracer ordersTracer = directTracer("orders-api", endpoint, options.apiKey);
    JstVerifyTracer inventoryTracer = directTracer("inventory-api", endpoint, options.apiKey);
    JstVerifyTracer pricingTracer =
        JstVerifyTracer.builder()
            .serviceName("pricing-api")
            .transport(Transport.RELAY)
            .shutdownHook(false)
            .build();
    Result result = new Result();
    HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    try (DemoServices services = new DemoServices(ordersTracer, inventoryTracer, pricingTracer)) {
      URI orders = DemoServices.baseUri(services.orders);
      URI pricing = DemoServices.baseUri(services.pricing);
      out.println("orders-api    " + orders + "   (direct transport)");
      out.println("inventory-api " + DemoServices.baseUri(services.inventory) + "   (direct transport, H2 through contrib-jdbc)");
      out.println("pricing-api   " + pricing + "   (relay transport)");
      out.println();
      sendRequests(options, result, browser, orders, pricing, endpoint, out);
      out.println("Flushing tracers...");
      boolean delivered =
          ordersTracer.flush(Duration.ofSeconds(10)) & inventoryTracer.flush(Duration.ofSeconds(10));
      if (!delivered) out.println("WARNING: not every span was delivered within 10 s");
    } finally {
      ordersTracer.close();
      inventoryTracer.close();
      pricingTracer.close();
    }

    if (embedded == null) {
      out.println("Spans were sent to " + endpoint + "; the map is drawn by JstVerify.");
      out.println("orders-api: " + ordersTracer.metrics());
      out.println("inventory-api: " + inventoryTracer.metrics());
      if (ordersTracer.metrics().spansDropped() + inventoryTracer.metrics().spansDropped() > 0) {
        result.incomplete.add("some spans were not delivered (see the metrics above)");
      }
      return result;
    }
    List<Map<String, Object>> spans = embedded.spans();
    result.map = ServiceMap.of(spans);
    check(result, spans);
    out.println();
    out.println(result.map.render());
    String sample = sampleTrace(result);
    out.println(sample);
    Files.write(
        options.out, ServiceMapPage.render(result.map, sample).getBytes(StandardCharsets.UTF_8));
    out.println("Wrote " + options.out.toAbsolutePath());
    out.println(
        result.complete()
            ? "All " + (result.expectedTraces.size() + result.relayTraces.size()) + " traces arrived complete."
            : "INCOMPLETE: " + result.incomplete);
    return result;
  }

  private static JstVerifyTracer directTracer(String service, String endpoint, String apiKey) {
    return JstVerifyTracer.builder()
        .serviceName(service)
        .endpoint(endpoint)
        .apiKey(apiKey)
        .flushInterval(Duration.ofMillis(500))
        .shutdownHook(false)
        .build();
  }

  private static void sendRequests(
      Options options, Result result, HttpClient browser, URI orders, URI pricing, String endpoint, PrintStream out)
      throws IOException, InterruptedException {
    for (int i = 1; i <= options.requests; i++) {
      boolean failing = i % 10 == 0;
      String orderId = (failing ? "fail-" : "o-") + i;
      HttpRequest.Builder request =
          HttpRequest.newBuilder(orders.resolve("orders/" + orderId)).timeout(REQUEST_TIMEOUT).GET();
      String kind;
      if (i % 7 == 3) {
        kind = "garbage";
        request.header("X-JstVerify-Trace-Id", "not-a-trace-id");
        request.header("X-JstVerify-Parent-Span-Id", "zzzz");
        request.header("traceparent", "00-xyz-123-01");
        result.garbageRequests++;
      } else if (i % 5 == 2) {
        kind = "w3c";
        request.header("traceparent", "00-" + randomHex(32) + "-" + randomHex(16) + "-01");
        result.w3cRequests++;
      } else {
        kind = "browser";
        // What the JstVerify JS SDK sends: a UUID trace id and its own span id.
        request.header("X-JstVerify-Trace-Id", UUID.randomUUID().toString());
        request.header("X-JstVerify-Parent-Span-Id", randomHex(16));
        result.browserRequests++;
      }
      if (failing) result.failingRequests++;
      HttpResponse<String> response = browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String traceId = response.headers().firstValue(DemoServices.TRACE_ID_HEADER).orElse("");
      if (traceId.isEmpty()) {
        result.incomplete.add("orders request " + orderId + " (" + kind + ") returned no trace id");
      } else {
        result.expectedTraces.add(traceId);
      }
      if (i % 4 == 0) relayRequest(result, browser, pricing, endpoint, options.apiKey, "sku-" + (i % 3 + 1));
      if (i % 10 == 0 || i == options.requests) {
        out.printf(Locale.ROOT, "sent %d/%d requests%n", i, options.requests);
      }
    }
  }

  /** A request to the relay-mode service, its spans forwarded as the browser SDK does. */
  private static void relayRequest(
      Result result, HttpClient browser, URI pricing, String endpoint, String apiKey, String sku)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(pricing.resolve("prices/" + sku))
            .timeout(REQUEST_TIMEOUT)
            .header("X-JstVerify-Trace-Id", UUID.randomUUID().toString())
            .header("X-JstVerify-Parent-Span-Id", randomHex(16))
            .header("Origin", "http://localhost:3000")
            .GET()
            .build();
    HttpResponse<String> response = browser.send(request, HttpResponse.BodyHandlers.ofString());
    String relayed = response.headers().firstValue(RelayHeaders.HEADER_NAME).orElse(null);
    String traceId = response.headers().firstValue(DemoServices.TRACE_ID_HEADER).orElse("");
    if (relayed == null) {
      result.incomplete.add("pricing request for " + sku + " carried no " + RelayHeaders.HEADER_NAME);
      return;
    }
    result.relayTraces.add(traceId);
    // The browser SDK forwards the decoded spans to the ingestion API, with the project's key.
    HttpRequest forward =
        HttpRequest.newBuilder(URI.create(endpoint))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "application/json")
            .header("X-API-Key", apiKey)
            .POST(HttpRequest.BodyPublishers.ofString("{\"spans\":" + RelayHeaders.decode(relayed) + "}"))
            .build();
    int status;
    try {
      status = browser.send(forward, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      result.incomplete.add("forwarding relayed spans failed: " + e);
      return;
    }
    if (status / 100 != 2) result.incomplete.add("forwarding relayed spans got HTTP " + status);
  }

  /** Each orders trace: 4 spans (orders server + client, inventory server, database); pricing: 2. */
  static void check(Result result, List<Map<String, Object>> spans) {
    Map<String, List<Map<String, Object>>> byTrace = new LinkedHashMap<>();
    for (Map<String, Object> s : spans) {
      byTrace.computeIfAbsent((String) s.get("traceId"), k -> new ArrayList<>()).add(s);
    }
    for (String traceId : result.expectedTraces) {
      List<Map<String, Object>> trace = byTrace.getOrDefault(traceId, List.of());
      if (!isChain(trace, "orders-api", "orders-api", "inventory-api", "inventory-api")) {
        result.incomplete.add("orders trace " + traceId + " has " + trace.size() + " of 4 spans");
      }
    }
    for (String traceId : result.relayTraces) {
      List<Map<String, Object>> trace = byTrace.getOrDefault(traceId, List.of());
      if (!isChain(trace, "pricing-api", "pricing-api")) {
        result.incomplete.add("relay trace " + traceId + " has " + trace.size() + " of 2 spans");
      }
    }
  }

  /** Whether the trace is exactly a parent-child chain through these services, in order. */
  private static boolean isChain(List<Map<String, Object>> trace, String... services) {
    if (trace.size() != services.length) return false;
    Map<Object, Map<String, Object>> byParent = new LinkedHashMap<>();
    Map<Object, Map<String, Object>> byId = new LinkedHashMap<>();
    for (Map<String, Object> s : trace) byId.put(s.get("spanId"), s);
    Map<String, Object> root = null;
    for (Map<String, Object> s : trace) {
      if (byId.containsKey(s.get("parentSpanId"))) {
        byParent.put(s.get("parentSpanId"), s);
      } else if (root == null) {
        root = s;
      } else {
        return false; // two roots: a broken link
      }
    }
    Map<String, Object> span = root;
    for (String service : services) {
      if (span == null || !service.equals(span.get("serviceName"))) return false;
      span = byParent.get(span.get("spanId"));
    }
    return span == null;
  }

  private static String sampleTrace(Result result) {
    for (String traceId : result.expectedTraces) {
      List<Map<String, Object>> trace = result.map.traces().get(traceId);
      if (trace != null && trace.size() == 4) return ServiceMap.renderTrace(trace);
    }
    return "(no complete trace to show)";
  }

  private static String randomHex(int length) {
    StringBuilder s = new StringBuilder(length);
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < length; i++) s.append(Character.forDigit(random.nextInt(16), 16));
    return s.toString();
  }
}
