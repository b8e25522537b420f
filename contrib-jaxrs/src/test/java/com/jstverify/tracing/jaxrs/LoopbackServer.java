package com.jstverify.tracing.jaxrs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** A Jersey application on Grizzly, on 127.0.0.1 and a port the OS picks. */
final class LoopbackServer implements AutoCloseable {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          // Plain HTTP/1.1 like a browser's fetch through a proxy: no h2c upgrade dance.
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private final HttpServer server;
  final URI base;

  /**
   * @param threads request threads; with one, consecutive requests share a thread, which is what
   *     a scope leak needs to show
   */
  LoopbackServer(ResourceConfig app, int threads) {
    server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), app, false);
    NetworkListener listener = server.getListeners().iterator().next();
    listener
        .getTransport()
        .setWorkerThreadPoolConfig(
            ThreadPoolConfig.defaultConfig().setCorePoolSize(threads).setMaxPoolSize(threads));
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    base = URI.create("http://127.0.0.1:" + listener.getPort() + "/");
  }

  URI uri(String path) {
    return base.resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  HttpResponse<String> get(String path, String... headers) {
    return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
  }

  HttpResponse<String> send(HttpRequest.Builder request, String... headers) {
    for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
    try {
      return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
