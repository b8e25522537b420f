package com.jstverify.tracing.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command, run end to end with fewer requests, checked against what it sent. */
class ITServiceMapDemo {
  static final int REQUESTS = 20;

  @TempDir static Path dir;
  static ServiceMapDemo.Result result;
  static String printed;
  static Path page;

  @BeforeAll
  static void runTheDemo() throws Exception {
    page = dir.resolve("service-map.html");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    result =
        ServiceMapDemo.run(
            ServiceMapDemo.Options.parse("--requests", String.valueOf(REQUESTS), "--out", page.toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    printed = out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyRequestsTrace_arrivedComplete() {
    assertTrue(result.complete(), result.incomplete + "\n" + printed);
    assertEquals(REQUESTS, result.expectedTraces.size());
    assertEquals(REQUESTS / 4, result.relayTraces.size());
    assertTrue(result.browserRequests > 0 && result.w3cRequests > 0 && result.garbageRequests > 0);
    assertTrue(printed.contains("All " + (REQUESTS + REQUESTS / 4) + " traces arrived complete."), printed);
  }

  @Test
  void theMap_hasEveryNode_andEdgesCountTheRequestsSent() {
    ServiceMap map = result.map;
    assertEquals(
        Map.of(
            "browser", "browser",
            "orders-api", "service",
            "inventory-api", "service",
            "pricing-api", "service",
            "h2/inventory", "database"),
        map.nodes());
    assertEquals(4, map.edges().size());
    assertEdge(map, "browser", "orders-api", REQUESTS, result.failingRequests);
    assertEdge(map, "orders-api", "inventory-api", REQUESTS, result.failingRequests);
    assertEdge(map, "inventory-api", "h2/inventory", REQUESTS, result.failingRequests);
    assertEdge(map, "browser", "pricing-api", REQUESTS / 4, 0);
    assertTrue(result.failingRequests > 0);
  }

  @Test
  void withItsOwnApiKey_theRelayedSpansAreForwardedWithThatKeyToo() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ServiceMapDemo.Result own =
        ServiceMapDemo.run(
            ServiceMapDemo.Options.parse(
                "--requests", "4", "--api-key", "my-own-key", "--out", dir.resolve("own-key.html").toString()),
            new PrintStream(out, true, StandardCharsets.UTF_8));
    assertTrue(own.complete(), own.incomplete + "\n" + out.toString(StandardCharsets.UTF_8));
    assertEquals(1, own.relayTraces.size());
  }

  @Test
  void anIngestionApiThatNeverAnswersTheForward_endsTheRunIncomplete_insteadOfHanging() throws Exception {
    // Answers the tracers' batches, but never the browser's forward of the relayed spans.
    CountDownLatch released = new CountDownLatch(1);
    HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    api.setExecutor(Executors.newCachedThreadPool());
    api.createContext(
        IngestionServer.PATH,
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String agent = String.valueOf(exchange.getRequestHeaders().getFirst("User-Agent"));
          if (!agent.startsWith("jstverify-tracer-java")) {
            try {
              released.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.sendResponseHeaders(202, -1);
          exchange.close();
        });
    api.start();
    try {
      String endpoint = "http://127.0.0.1:" + api.getAddress().getPort() + IngestionServer.PATH;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ServiceMapDemo.Result hung =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () ->
                  ServiceMapDemo.run(
                      ServiceMapDemo.Options.parse("--requests", "4", "--endpoint", endpoint),
                      new PrintStream(out, true, StandardCharsets.UTF_8)));
      assertFalse(hung.complete(), out.toString(StandardCharsets.UTF_8));
    } finally {
      released.countDown();
      api.stop(0);
    }
  }

  @Test
  void whenTheServicesCannotStart_theEmbeddedEndpointIsStoppedToo_soTheJvmCanExit() throws Exception {
    // A stock table the inventory service cannot fill: DemoServices fails while starting.
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:inventory;DB_CLOSE_DELAY=-1", "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS stock (sku VARCHAR(40) PRIMARY KEY, quantity INT)");
      s.execute("ALTER TABLE stock RENAME TO stock_saved");
      s.execute("CREATE TABLE stock (sku VARCHAR(40) PRIMARY KEY)");
    }
    long before = dispatcherThreads();
    try {
      assertThrows(
          IllegalStateException.class,
          () ->
              ServiceMapDemo.run(
                  ServiceMapDemo.Options.parse("--requests", "1", "--out", dir.resolve("none.html").toString()),
                  new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
      // The embedded endpoint's dispatcher is not a daemon: left running, main() never returns.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (dispatcherThreads() > before && System.nanoTime() < deadline) Thread.sleep(10);
      assertEquals(before, dispatcherThreads(), "an ingestion server left running");
    } finally {
      try (Connection c = DriverManager.getConnection("jdbc:h2:mem:inventory;DB_CLOSE_DELAY=-1", "sa", "");
          Statement s = c.createStatement()) {
        s.execute("DROP TABLE stock");
        s.execute("ALTER TABLE stock_saved RENAME TO stock");
      }
    }
  }

  static long dispatcherThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.isDaemon() && t.getName().startsWith("HTTP-Dispatcher"))
        .count();
  }

  static void assertEdge(ServiceMap map, String from, String to, int calls, int errors) {
    ServiceMap.Edge edge = map.find(from, to);
    assertTrue(edge != null, from + " -> " + to + " missing: " + map.render());
    assertEquals(calls, edge.calls(), from + " -> " + to);
    assertEquals(errors, edge.errors(), from + " -> " + to);
    assertTrue(edge.percentileMicros(50) <= edge.percentileMicros(95));
    assertTrue(edge.percentileMicros(95) <= edge.maxMicros());
  }

  @Test
  void printsTheMap_andOneTraceAsATree() {
    assertTrue(printed.contains("browser -> orders-api"), printed);
    assertTrue(printed.contains("inventory-api  h2 SELECT"), printed);
    assertTrue(printed.contains("orders-api  GET /orders/{id}"), printed);
  }

  @Test
  void thePage_rendersInHeadlessChromium_withEveryNodeAndEdge() throws Exception {
    String chromium = findChromium();
    assumeTrue(
        chromium != null,
        "Chromium not installed: the page test is skipped (.ci/run installs Debian's chromium)");
    Path profile = Files.createTempDirectory(dir, "chromium");
    Path screenshot = dir.resolve("service-map.png");
    List<String> common =
        List.of(
            chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--user-data-dir=" + profile);

    String dom = run(with(common, "--dump-dom", page.toUri().toString()));
    for (String node : result.map.nodes().keySet()) {
      assertTrue(dom.contains("class=\"node\" data-name=\"" + node + "\""), node + " not rendered");
    }
    for (ServiceMap.Edge e : result.map.edges()) {
      assertTrue(
          dom.contains("class=\"edge\" data-from=\"" + e.from + "\" data-to=\"" + e.to + "\""),
          e.from + " -> " + e.to + " not rendered");
    }
    run(with(common, "--window-size=1400,1000", "--screenshot=" + screenshot, page.toUri().toString()));
    assertTrue(Files.size(screenshot) > 10_000, "a screenshot with content");
  }

  static List<String> with(List<String> base, String... more) {
    List<String> all = new ArrayList<>(base);
    all.addAll(List.of(more));
    return all;
  }

  static String findChromium() {
    for (String candidate : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (new File(candidate).canExecute()) return candidate;
    }
    return null;
  }

  static String run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "chromium finished");
    return new String(out, StandardCharsets.UTF_8);
  }
}
