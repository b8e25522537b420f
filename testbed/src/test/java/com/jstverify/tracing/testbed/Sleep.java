package com.jstverify.tracing.testbed;

import java.util.concurrent.ThreadLocalRandom;

/** Sleeps that stand for work or network time in the scenarios. */
public final class Sleep {
  private Sleep() {}

  public static void millis(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Between 1 and {@code maxMillis} ms, to shuffle the interleaving of concurrent requests. The
   * original testbed sleeps up to 2 s; a shorter bound shows the same races and keeps the suite
   * fast.
   */
  public static void randomMillis(int maxMillis) {
    millis(1 + ThreadLocalRandom.current().nextInt(maxMillis));
  }
}
