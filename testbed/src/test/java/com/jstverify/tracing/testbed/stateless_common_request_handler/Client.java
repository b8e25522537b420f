package com.jstverify.tracing.testbed.stateless_common_request_handler;

import com.jstverify.tracing.testbed.Sleep;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Sends each request on a pool thread, calling the handler before and after on that thread. */
final class Client implements AutoCloseable {
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final RequestHandler requestHandler;

  Client(RequestHandler requestHandler) {
    this.requestHandler = requestHandler;
  }

  Future<String> send(Object message) {
    return executor.submit(
        () -> {
          Sleep.randomMillis(50);
          requestHandler.beforeRequest(message);
          Sleep.randomMillis(50);
          requestHandler.afterResponse(message);
          return message + ":response";
        });
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
