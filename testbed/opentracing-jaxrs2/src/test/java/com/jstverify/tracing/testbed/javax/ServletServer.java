package com.jstverify.tracing.testbed.javax;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.EnumSet;
import javax.servlet.DispatcherType;
import javax.servlet.Filter;
import javax.servlet.FilterRegistration;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.servlet.WebappContext;

/** Grizzly's servlet container on 127.0.0.1, serving one web application. */
public final class ServletServer implements AutoCloseable {
  private final HttpServer server;
  public final URI base;

  public ServletServer(WebappContext application) throws IOException {
    server = HttpServer.createSimpleServer(null, "127.0.0.1", freePort());
    application.deploy(server);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getListeners().iterator().next().getPort() + "/");
  }

  /**
   * Maps a module's tracing filter to every request and async dispatch, as the modules document
   * it, behind a {@link DispatchGate}.
   */
  public static void addTracingFilter(WebappContext application, String name, Filter moduleFilter) {
    FilterRegistration.Dynamic filter = application.addFilter(name, new DispatchGate(moduleFilter));
    filter.setAsyncSupported(true);
    filter.addMappingForUrlPatterns(
        EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), false, "/*");
  }

  /** Grizzly's simple server takes no port 0: ask the OS for a free loopback port first. */
  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    server.shutdownNow();
  }
}
