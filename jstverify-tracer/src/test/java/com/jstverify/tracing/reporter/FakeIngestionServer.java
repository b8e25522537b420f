package com.jstverify.tracing.reporter;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The JstVerify ingestion API on loopback, on a real socket ({@link HttpServer}, 127.0.0.1, a free
 * port): records every request, answers from a script (200 by default), and keeps the spans of
 * the batches it accepted.
 *
 * <pre>{@code
 * try (FakeIngestionServer server = FakeIngestionServer.start()) {
 *   server.enqueue(Answer.status(503));          // the next request fails, then 200s
 *   ... endpoint(server.endpoint()) ...
 *   server.awaitSpans(3, Duration.ofSeconds(2));
 * }
 * }</pre>
 *
 * <p>A slow answer ends in 503: a client that gave up on it must not find its spans counted as
 * accepted, as a real API timing out would not have stored them either.
 */
final class FakeIngestionServer implements AutoCloseable {
  private static final JsonAdapter<Object> JSON = new Moshi.Builder().build().adapter(Object.class);

  private final int port;
  private final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private final List<Map<String, Object>> accepted = new ArrayList<>(); // guarded by itself
  private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
  private volatile Answer always = Answer.status(200);
  private HttpServer server;
  private ExecutorService executor;

  private FakeIngestionServer(int port) throws IOException {
    bind(port);
    this.port = server.getAddress().getPort();
  }

  static FakeIngestionServer start() throws IOException {
    return new FakeIngestionServer(0);
  }

  String endpoint() {
    return "http://127.0.0.1:" + port + "/v1/tracing/spans";
  }

  /** The next request gets {@code answer}; later ones the next scripted answer, or the default. */
  void enqueue(Answer answer) {
    script.add(answer);
  }

  /** The answer for every request once the script is used up. */
  void answerAlways(Answer answer) {
    this.always = answer;
  }

  /** Closes the socket: connections are refused until {@link #restart()}. */
  synchronized void stop() {
    if (server == null) return;
    server.stop(0);
    executor.shutdownNow();
    server = null;
  }

  /** Listens again on the same port. */
  synchronized void restart() throws IOException {
    if (server != null) return;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (true) {
      try {
        bind(port);
        return;
      } catch (BindException e) {
        if (System.nanoTime() > deadline) throw e;
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    stop();
  }

  List<RecordedRequest> requests() {
    synchronized (requests) {
      return new ArrayList<>(requests);
    }
  }

  /** The spans of every accepted batch, in arrival order. */
  List<Map<String, Object>> spans() {
    synchronized (accepted) {
      return new ArrayList<>(accepted);
    }
  }

  /** Waits until at least {@code count} spans were accepted; false on timeout. */
  boolean awaitSpans(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (accepted) {
      while (accepted.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) return false;
        TimeUnit.NANOSECONDS.timedWait(accepted, left);
      }
      return true;
    }
  }

  private void bind(int port) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    ExecutorService e =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "fake-ingestion");
              t.setDaemon(true);
              return t;
            });
    s.setExecutor(e);
    s.createContext("/", this::handle);
    s.start();
    this.server = s;
    this.executor = e;
  }

  @SuppressWarnings("unchecked")
  private void handle(HttpExchange exchange) throws IOException {
    try {
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Map<String, String> headers = new TreeMap<>();
      for (Map.Entry<String, List<String>> h : exchange.getRequestHeaders().entrySet()) {
        headers.put(h.getKey().toLowerCase(Locale.ROOT), String.join(",", h.getValue()));
      }
      String text = new String(body, StandardCharsets.UTF_8);
      List<Map<String, Object>> spans = Collections.emptyList();
      try {
        Object parsed = JSON.fromJson(text);
        if (parsed instanceof Map) {
          Object list = ((Map<String, Object>) parsed).get("spans");
          if (list instanceof List) spans = (List<Map<String, Object>>) list;
        }
      } catch (IOException | RuntimeException e) {
        // Recorded as is: a test asserting on the body sees what came.
      }
      requests.add(
          new RecordedRequest(
              exchange.getRequestMethod(), headers, text, spans, System.nanoTime(),
              exchange.getRemoteAddress().getPort()));

      Answer answer = script.poll();
      if (answer == null) answer = always;
      if (answer.delayMillis > 0) Thread.sleep(answer.delayMillis);
      if (answer.release != null) {
        answer.arrived.countDown();
        answer.release.await();
      }
      if (answer.code >= 200 && answer.code < 300) {
        synchronized (accepted) {
          accepted.addAll(spans);
          accepted.notifyAll();
        }
      }
      if (answer.retryAfter != null) exchange.getResponseHeaders().set("Retry-After", answer.retryAfter);
      byte[] out = answer.body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.code, out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // The client gave up (timeout): nothing to answer.
    } finally {
      exchange.close();
    }
  }

  /** What the server answers to one request. */
  static final class Answer {
    final int code;
    final long delayMillis;
    final String retryAfter;
    final String body;
    final CountDownLatch arrived; // with release: counted down when the request is in
    final CountDownLatch release;

    private Answer(int code, long delayMillis, String retryAfter, String body) {
      this(code, delayMillis, retryAfter, body, null, null);
    }

    private Answer(
        int code,
        long delayMillis,
        String retryAfter,
        String body,
        CountDownLatch arrived,
        CountDownLatch release) {
      this.code = code;
      this.delayMillis = delayMillis;
      this.retryAfter = retryAfter;
      this.body = body;
      this.arrived = arrived;
      this.release = release;
    }

    static Answer status(int code) {
      return new Answer(code, 0, null, "");
    }

    static Answer status(int code, String body) {
      return new Answer(code, 0, null, body);
    }

    static Answer tooManyRequests(String retryAfter) {
      return new Answer(429, 0, retryAfter, "");
    }

    static Answer serviceUnavailable(String retryAfter) {
      return new Answer(503, 0, retryAfter, "");
    }

    /** Waits, then answers 503 (see the class comment). */
    static Answer slow(long delayMillis) {
      return new Answer(503, delayMillis, null, "");
    }

    /**
     * Counts {@code arrived} down once the request is read, then answers {@code code} only when
     * the test counts {@code release} down: a request in flight for as long as a test needs.
     */
    static Answer held(int code, CountDownLatch arrived, CountDownLatch release) {
      return new Answer(code, 0, null, "", arrived, release);
    }

    /** Accepts, after a delay: a sink slower than the producers. */
    static Answer acceptAfter(long delayMillis) {
      return new Answer(200, delayMillis, null, "");
    }
  }

  /** One request as it arrived. */
  static final class RecordedRequest {
    final String method;
    final Map<String, String> headers; // lower-case names
    final String body;
    final List<Map<String, Object>> spans;
    final long receivedNanos;
    final int clientPort; // one port per TCP connection: the same port means a reused connection

    RecordedRequest(
        String method,
        Map<String, String> headers,
        String body,
        List<Map<String, Object>> spans,
        long receivedNanos,
        int clientPort) {
      this.method = method;
      this.headers = headers;
      this.body = body;
      this.spans = spans;
      this.receivedNanos = receivedNanos;
      this.clientPort = clientPort;
    }

    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }
}
