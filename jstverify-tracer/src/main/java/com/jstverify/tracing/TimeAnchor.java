package com.jstverify.tracing;

/**
 * A wall-clock reading paired with the monotonic clock at the same moment: a timestamp is the
 * reading plus a {@code nanoTime} delta. The spans of one local root share an anchor, so their
 * order and durations come from the monotonic clock alone, whatever the wall clock does
 * meanwhile.
 *
 * <p>With the system clock, local roots also share one anchor, read again once {@link
 * #SYSTEM_REFRESH_NANOS} has passed: starting a trace then costs one {@code nanoTime()} instead
 * of a wall-clock reading too, and a step of the wall clock (NTP) shows within a second.
 */
final class TimeAnchor {
  /** How long the system clock's shared anchor is used before the wall clock is read again. */
  static final long SYSTEM_REFRESH_NANOS = 1_000_000_000L;

  final long wallMicros;
  final long nanos;

  TimeAnchor(long wallMicros, long nanos) {
    this.wallMicros = wallMicros;
    this.nanos = nanos;
  }

  /** Epoch microseconds at the monotonic reading {@code nanoTime}. */
  long microsAt(long nanoTime) {
    return wallMicros + (nanoTime - nanos) / 1_000L;
  }
}
