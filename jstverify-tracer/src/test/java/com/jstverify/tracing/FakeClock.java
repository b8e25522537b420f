package com.jstverify.tracing;

/** A clock the test moves by hand: wall time and monotonic time advance together. */
final class FakeClock implements Clock {
  private long wallMicros;
  private long nanos;

  FakeClock(long wallMicros) {
    this.wallMicros = wallMicros;
  }

  synchronized void advanceMicros(long micros) {
    nanos += micros * 1_000L;
  }

  /** Moves the wall clock only, as an NTP correction would. */
  synchronized void jumpWallClock(long micros) {
    wallMicros += micros;
  }

  @Override
  public synchronized long currentTimeMicros() {
    return wallMicros + nanos / 1_000L;
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }
}
