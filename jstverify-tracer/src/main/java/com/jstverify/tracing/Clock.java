package com.jstverify.tracing;

import java.time.Instant;

/**
 * Where spans get their time: the wall clock, read once per local root span, and a monotonic
 * tick for durations, so a span's duration never goes negative when the wall clock jumps.
 * Tests pass a fake one to {@link JstVerifyTracer.Builder#clock}.
 *
 * <pre>{@code
 * JstVerifyTracer tracer = JstVerifyTracer.builder().serviceName("svc").clock(myClock).build();
 * }</pre>
 */
public interface Clock {

  /** Microseconds since the epoch, from the wall clock. */
  long currentTimeMicros();

  /** A monotonic reading in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** The system clock: {@link Instant#now()} (microsecond precision) and {@link System#nanoTime()}. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }
}

/** The default clock. Kept package-private: users only need {@link Clock#system()}. */
enum SystemClock implements Clock {
  INSTANCE;

  @Override
  public long currentTimeMicros() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }
}
