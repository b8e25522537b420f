package com.jstverify.tracing.scope;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs a piece of a test on a fresh thread and hands back its result or its failure. */
final class OnThread {
  private OnThread() {}

  static <T> T call(Callable<T> body) throws Exception {
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      return thread.submit(body).get(5, TimeUnit.SECONDS);
    } finally {
      thread.shutdownNow();
    }
  }

  static void run(ThrowingRunnable body) throws Exception {
    call(
        () -> {
          body.run();
          return null;
        });
  }

  interface ThrowingRunnable {
    void run() throws Exception;
  }
}
