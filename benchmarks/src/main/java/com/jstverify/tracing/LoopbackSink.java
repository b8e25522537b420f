package com.jstverify.tracing;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An ingestion endpoint on loopback that answers 200 at once and counts the spans it received
 * (occurrences of {@code "spanId"} in each body), so benchmarks run the tracer's whole delivery
 * path: queue, serialization, HTTP.
 */
final class LoopbackSink implements AutoCloseable {
  private static final byte[] MARKER = "\"spanId\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  static {
    // The JDK server leaves Nagle on by default; with OkHttp's delayed ACK that stalls every
    // exchange ~40 ms (a first run delivered 1,137 spans/s with 50-span batches). Read once, when
    // the server classes load, so it must be set before the first HttpServer.create.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  final AtomicLong spans = new AtomicLong();
  final AtomicLong batches = new AtomicLong();
  volatile long delayMillis;

  LoopbackSink() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/v1/tracing/spans",
        exchange -> {
          try {
            long count = 0;
            int matched = 0;
            try (InputStream in = exchange.getRequestBody()) {
              byte[] buffer = new byte[64 * 1024];
              for (int n; (n = in.read(buffer)) > 0; ) {
                for (int i = 0; i < n; i++) {
                  matched = buffer[i] == MARKER[matched] ? matched + 1 : (buffer[i] == MARKER[0] ? 1 : 0);
                  if (matched == MARKER.length) {
                    count++;
                    matched = 0;
                  }
                }
              }
            }
            if (delayMillis > 0) Thread.sleep(delayMillis);
            spans.addAndGet(count);
            batches.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } finally {
            exchange.close();
          }
        });
    server.setExecutor(Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "loopback-sink");
      t.setDaemon(true);
      return t;
    }));
    server.start();
  }

  String endpoint() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/tracing/spans";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
