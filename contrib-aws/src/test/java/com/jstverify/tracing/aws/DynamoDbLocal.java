package com.jstverify.tracing.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

/**
 * A real DynamoDB Local 2.x server in this JVM, in memory, on a free port.
 *
 * <p>Started by reflection: DynamoDB Local 2.x is compiled for Java 17 while this module's tests
 * compile with {@code --release 11}. Its SQLite engine needs sqlite4java's native library, which
 * the POM copies to {@code target/native-libs} and points {@code sqlite4java.library.path} at.
 */
final class DynamoDbLocal implements AutoCloseable {
  private final Object server;
  final URI endpoint;

  private DynamoDbLocal(Object server, int port) {
    this.server = server;
    this.endpoint = URI.create("http://127.0.0.1:" + port);
  }

  static boolean canRunOnThisJvm() {
    return Runtime.version().feature() >= 17;
  }

  static DynamoDbLocal start() throws Exception {
    int port = freePort();
    Class<?> runner = Class.forName("com.amazonaws.services.dynamodbv2.local.main.ServerRunner");
    Object server =
        runner
            .getMethod("createServerFromCommandLineArgs", String[].class)
            .invoke(null, (Object) new String[] {"-inMemory", "-port", Integer.toString(port)});
    server.getClass().getMethod("start").invoke(server);
    return new DynamoDbLocal(server, port);
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    server.getClass().getMethod("stop").invoke(server);
  }
}
