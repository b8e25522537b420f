package com.jstverify.tracing.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Span and trace ids. {@link ThreadLocalRandom} is fast, never blocks (unlike
 * {@code SecureRandom} on an entropy-starved host) and is uncontended across threads; ids need
 * to be unique, not unpredictable.
 */
public final class RandomIds {
  private RandomIds() {}

  /** A random non-zero 64-bit id. */
  public static long nextNonZero() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long id;
    do {
      id = random.nextLong();
    } while (id == 0L);
    return id;
  }

  /** A random 64-bit value, zero allowed (the high half of a 128-bit trace id). */
  public static long next() {
    return ThreadLocalRandom.current().nextLong();
  }
}
