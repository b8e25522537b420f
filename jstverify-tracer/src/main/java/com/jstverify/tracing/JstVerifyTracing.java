package com.jstverify.tracing;

import com.jstverify.tracing.internal.GlobalDelegate;
import io.opentracing.Tracer;
import io.opentracing.util.GlobalTracer;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The static facade, like the Python SDK's module functions: {@link #init} once at start-up,
 * {@link #flush()} at the end of a serverless invocation, {@link #shutdown()} at exit.
 *
 * <pre>{@code
 * // JSTVERIFY_API_KEY and JSTVERIFY_SERVICE_NAME set in the environment:
 * JstVerifyTracing.init();
 * Tracer tracer = GlobalTracer.get(); // every OpenTracing integration now reports to JstVerify
 * }</pre>
 *
 * <p>{@code init} makes the tracer reachable through {@link GlobalTracer}. Calling it again
 * replaces (and closes) the previous tracer.
 */
public final class JstVerifyTracing {
  /** How long {@link #flush()} waits by default. */
  public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(5);

  private static final Object LOCK = new Object();
  private static volatile JstVerifyTracer current;

  private JstVerifyTracing() {}

  /**
   * Builds a tracer from the environment and system properties and registers it globally.
   *
   * @throws IllegalStateException when required settings are missing or another tracer is
   *     already registered in {@link GlobalTracer}
   * @throws IllegalArgumentException naming the setting whose value cannot be used
   */
  public static JstVerifyTracer init() {
    return init(b -> {});
  }

  /**
   * Like {@link #init()}, with the service name and API key given in code (they win over the
   * environment).
   */
  public static JstVerifyTracer init(String serviceName, String apiKey) {
    return init(b -> b.serviceName(serviceName).apiKey(apiKey));
  }

  /**
   * Builds a tracer from the environment, then {@code customizer}'s settings (which win), and
   * registers it globally.
   */
  public static JstVerifyTracer init(Consumer<JstVerifyTracer.Builder> customizer) {
    if (customizer == null) throw new NullPointerException("customizer == null");
    JstVerifyTracer.Builder builder = JstVerifyTracer.builder().fromEnvironment();
    customizer.accept(builder);
    JstVerifyTracer tracer = builder.build();
    synchronized (LOCK) {
      try {
        GlobalDelegate.install(tracer);
      } catch (IllegalStateException e) {
        tracer.close();
        throw e;
      }
      JstVerifyTracer previous = current;
      current = tracer;
      if (previous != null) previous.close();
    }
    return tracer;
  }

  /** The tracer {@link #init} made, or {@code null}. */
  public static JstVerifyTracer tracer() {
    return current;
  }

  /**
   * Delivers every span finished so far, waiting at most {@link #DEFAULT_FLUSH_TIMEOUT}. Does
   * nothing (and returns true) when {@code init} was not called.
   */
  public static boolean flush() {
    return flush(DEFAULT_FLUSH_TIMEOUT);
  }

  /** Like {@link #flush()}, waiting at most {@code timeout}. */
  public static boolean flush(Duration timeout) {
    // Checked here, not only by the tracer: without init the mistake would pass unseen.
    if (timeout == null) throw new NullPointerException("timeout == null");
    JstVerifyTracer tracer = current;
    return tracer == null || tracer.flush(timeout);
  }

  /** Flushes and closes the tracer {@code init} made; GlobalTracer then reaches a no-op tracer. */
  public static void shutdown() {
    synchronized (LOCK) {
      JstVerifyTracer tracer = current;
      if (tracer == null) return;
      current = null;
      if (GlobalDelegate.installed() == tracer) GlobalDelegate.restore(null);
      tracer.close();
    }
  }

  // ---- manual instrumentation (the Python SDK's @trace and trace_span) ----

  /**
   * Starts a span named {@code operationName}, a child of the active span, and activates it until
   * {@link TracedSpan#close()}. Uses the tracer {@link #init} made, else {@link GlobalTracer}
   * (a no-op when nothing is registered: the code runs untraced, nothing throws).
   *
   * <pre>{@code
   * try (TracedSpan span = JstVerifyTracing.span("validate-order")) {
   *   span.setStatus(200);
   * }
   * }</pre>
   */
  public static TracedSpan span(String operationName) {
    return TracedSpan.start(manualTracer(), operationName);
  }

  /**
   * Runs {@code work} in an active span named {@code operationName}. An exception it throws is
   * recorded on the span ({@code error=true} and an error log) and rethrown unchanged.
   */
  public static void trace(String operationName, Runnable work) {
    if (work == null) throw new NullPointerException("work == null");
    try (TracedSpan span = span(operationName)) {
      try {
        work.run();
      } catch (Throwable e) { // a checked one too: Kotlin, @SneakyThrows (rethrown precisely)
        span.recordError(e);
        throw e;
      }
    }
  }

  /** Like {@link #trace(String, Runnable)}, returning what {@code work} returns. */
  public static <T> T trace(String operationName, java.util.function.Supplier<T> work) {
    if (work == null) throw new NullPointerException("work == null");
    try (TracedSpan span = span(operationName)) {
      try {
        return work.get();
      } catch (Throwable e) { // a checked one too: Kotlin, @SneakyThrows (rethrown precisely)
        span.recordError(e);
        throw e;
      }
    }
  }

  /**
   * Like {@link #trace(String, java.util.function.Supplier)} for a {@link
   * java.util.concurrent.Callable}: its checked exception too is recorded and rethrown unchanged.
   * (Not an overload of {@code trace}: a lambda such as {@code () -> 42} fits both a Supplier and
   * a Callable, and the call would not compile.)
   */
  public static <T> T traceCallable(String operationName, java.util.concurrent.Callable<T> work)
      throws Exception {
    if (work == null) throw new NullPointerException("work == null");
    try (TracedSpan span = span(operationName)) {
      try {
        return work.call();
      } catch (Throwable e) { // rethrown precisely: an Exception, or unchecked
        span.recordError(e);
        throw e;
      }
    }
  }

  /** The tracer of manual spans: ours when {@code init} was called, else whatever GlobalTracer has. */
  private static Tracer manualTracer() {
    JstVerifyTracer tracer = current;
    return tracer != null ? tracer : GlobalTracer.get();
  }

  /** Package-private for tests: the tracer GlobalTracer reaches now, if it is one of ours. */
  static Tracer globalTarget() {
    return GlobalDelegate.installed();
  }
}
