package com.jstverify.tracing.reporter;

import com.jstverify.tracing.JstVerifyTracer;
import java.time.Duration;

/**
 * An application that finishes spans and exits without closing its tracer: run in a child JVM by
 * {@link ITDirectReporter}, it proves the shutdown hook delivers what is still queued.
 */
public final class ShutdownHookApp {
  private ShutdownHookApp() {}

  public static void main(String[] args) {
    JstVerifyTracer tracer =
        JstVerifyTracer.builder()
            .serviceName("short-lived-job")
            .apiKey("hook-key")
            .endpoint(args[0])
            .flushInterval(Duration.ofMinutes(1)) // only the hook can send them in time
            .build(); // shutdownHook(true) is the default
    int count = Integer.parseInt(args[1]);
    for (int i = 0; i < count; i++) tracer.buildSpan("step-" + i).start().finish();
    // main returns: the JVM exits, the hook runs close().
  }
}
