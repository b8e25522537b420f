package com.jstverify.tracing.testbed.promise_propagation;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;

/** Where promise callbacks run; each submitted callback registers with the test's phaser. */
final class PromiseContext implements AutoCloseable {
  private final Phaser phaser;
  private final ExecutorService executor;

  PromiseContext(Phaser phaser, int concurrency) {
    this.phaser = phaser;
    this.executor = Executors.newFixedThreadPool(concurrency);
  }

  void submit(Runnable callback) {
    phaser.register(); // one more party: the callback's run
    executor.submit(callback);
  }

  Phaser phaser() {
    return phaser;
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
