package com.jstverify.tracing.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delays between retries of a failed batch: exponential from {@code base} up to {@code max},
 * with jitter so that many processes failing together do not retry together.
 *
 * <pre>{@code
 * Backoff backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
 * long wait = backoff.nextDelayNanos(attempt); // attempt 1, 2, 3...
 * }</pre>
 */
public final class Backoff {
  private final long baseNanos;
  private final long maxNanos;

  public Backoff(Duration base, Duration max) {
    if (base == null) throw new NullPointerException("base == null");
    if (max == null) throw new NullPointerException("max == null");
    if (base.isNegative() || base.isZero()) {
      throw new IllegalArgumentException("base must be positive: " + base);
    }
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException("max " + max + " is less than base " + base);
    }
    this.baseNanos = base.toNanos();
    this.maxNanos = max.toNanos();
  }

  /**
   * The delay before retry number {@code attempt} (1 for the first retry): a random value between
   * half and all of {@code min(max, base * 2^(attempt-1))}. Half is kept fixed so a retry never
   * comes immediately after a failure ("equal jitter").
   */
  public long nextDelayNanos(int attempt) {
    long ceiling = ceilingNanos(attempt);
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }

  /** {@code min(max, base * 2^(attempt-1))}, without overflow. */
  long ceilingNanos(int attempt) {
    int shift = Math.max(0, attempt - 1);
    if (shift >= 62 || baseNanos > (maxNanos >> shift)) return maxNanos;
    return Math.min(maxNanos, baseNanos << shift);
  }

  /** The longest delay. */
  public long maxNanos() {
    return maxNanos;
  }
}
