package com.jstverify.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BackoffTest {
  static final long MS = 1_000_000L;
  final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  @Test
  void ceiling_doublesEachAttempt_upToMax() {
    assertEquals(100 * MS, backoff.ceilingNanos(1));
    assertEquals(200 * MS, backoff.ceilingNanos(2));
    assertEquals(400 * MS, backoff.ceilingNanos(3));
    assertEquals(3_200 * MS, backoff.ceilingNanos(6));
    assertEquals(5_000 * MS, backoff.ceilingNanos(7));
    assertEquals(5_000 * MS, backoff.ceilingNanos(1_000), "no overflow on long outages");
    assertEquals(5_000 * MS, backoff.ceilingNanos(Integer.MAX_VALUE));
  }

  @Test
  void delay_isBetweenHalfAndAllOfTheCeiling_andVaries() {
    Set<Long> distinct = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      long delay = backoff.nextDelayNanos(3);
      assertTrue(delay >= 200 * MS && delay <= 400 * MS, delay + " ns");
      distinct.add(delay);
    }
    assertTrue(distinct.size() > 100, "jitter spreads retries of processes failing together");
  }

  @Test
  void badArguments_failNamingThem() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    assertTrue(e.getMessage().contains("max"), e.getMessage());
  }
}
