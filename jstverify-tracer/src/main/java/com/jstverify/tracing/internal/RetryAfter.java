package com.jstverify.tracing.internal;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads an HTTP {@code Retry-After} value: delay-seconds ({@code "120"}) or an HTTP-date ({@code
 * "Wed, 21 Oct 2015 07:28:00 GMT"}).
 *
 * <pre>{@code
 * long waitMillis = RetryAfter.parseMillis(response.header("Retry-After"), System.currentTimeMillis());
 * if (waitMillis < 0) waitMillis = backoffMillis; // absent or malformed
 * }</pre>
 *
 * <p>The value comes from a server, so a malformed one is ignored (-1), never thrown.
 */
public final class RetryAfter {
  private RetryAfter() {}

  /**
   * The delay the value asks for, in milliseconds (0 for a date in the past), or -1 when it is
   * absent or malformed.
   */
  public static long parseMillis(String value, long nowMillis) {
    if (value == null) return -1L;
    String v = value.trim();
    if (v.isEmpty()) return -1L;
    if (isDigits(v)) {
      // More than ~30 years of seconds is nonsense: cap instead of overflowing.
      if (v.length() > 9) return 999_999_999L * 1_000L;
      return Long.parseLong(v) * 1_000L;
    }
    try {
      long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
      return Math.max(0L, at - nowMillis);
    } catch (DateTimeParseException e) {
      return -1L;
    }
  }

  private static boolean isDigits(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') return false;
    }
    return true;
  }
}
