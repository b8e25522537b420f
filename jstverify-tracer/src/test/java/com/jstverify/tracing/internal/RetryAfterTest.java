package com.jstverify.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  // Wed, 21 Oct 2015 07:28:00 GMT
  static final long NOW = ZonedDateTime.of(2015, 10, 21, 7, 28, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();

  @Test
  void delaySeconds() {
    assertEquals(120_000L, RetryAfter.parseMillis("120", NOW));
    assertEquals(0L, RetryAfter.parseMillis("0", NOW));
    assertEquals(3_000L, RetryAfter.parseMillis(" 3 ", NOW));
  }

  @Test
  void httpDate_inTheFuture_isTheTimeLeft() {
    assertEquals(90_000L, RetryAfter.parseMillis("Wed, 21 Oct 2015 07:29:30 GMT", NOW));
  }

  @Test
  void httpDate_inThePast_meansNow() {
    assertEquals(0L, RetryAfter.parseMillis("Wed, 21 Oct 2015 07:00:00 GMT", NOW));
  }

  @Test
  void absentOrMalformed_isMinusOne_neverAnException() {
    assertEquals(-1L, RetryAfter.parseMillis(null, NOW));
    assertEquals(-1L, RetryAfter.parseMillis("", NOW));
    assertEquals(-1L, RetryAfter.parseMillis("soon", NOW));
    assertEquals(-1L, RetryAfter.parseMillis("-5", NOW));
    assertEquals(-1L, RetryAfter.parseMillis("1.5", NOW));
  }

  @Test
  void absurdlyLarge_isCapped_notOverflowed() {
    long millis = RetryAfter.parseMillis("99999999999999999999999", NOW);
    assertEquals(999_999_999_000L, millis);
  }
}
