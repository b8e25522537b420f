package com.jstverify.tracing.internal;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.noop.NoopTracerFactory;
import io.opentracing.propagation.Format;
import io.opentracing.util.GlobalTracer;

/**
 * What {@code JstVerifyTracing.init} and the JUnit extension register in {@link GlobalTracer}:
 * GlobalTracer accepts one registration per JVM, so we register this delegate once and switch
 * its target. A test gets a fresh tracer, and a second {@code init} replaces the first, without
 * any reflection on GlobalTracer's state.
 */
public final class GlobalDelegate implements Tracer {
  private static final GlobalDelegate INSTANCE = new GlobalDelegate();
  private static final Tracer NOOP = NoopTracerFactory.create();
  // Whether GlobalTracer took this delegate. GlobalTracer registers once per copy of
  // opentracing-util, so once true it stays true, unless a test resets GlobalTracer by reflection
  // (opentracing-util's GlobalTracerTestUtil): then nothing is registered, and we register again.
  // Only registerIfAbsent's answer can tell: another copy of these classes (a second application
  // in the same container, sharing the container's opentracing-util) would look just like this
  // one from outside.
  private static volatile boolean registered;

  private volatile Tracer target = NOOP;

  private GlobalDelegate() {}

  /**
   * Makes {@code tracer} the one behind {@link GlobalTracer}, registering this delegate first if
   * nothing is registered yet.
   *
   * @return the tracer it replaces ({@code null} when none was installed)
   * @throws IllegalStateException when GlobalTracer already holds another tracer (or another
   *     copy of this delegate, from a second application sharing opentracing-util with this one)
   */
  public static Tracer install(Tracer tracer) {
    if (tracer == null) throw new NullPointerException("tracer == null");
    if (!registered || !GlobalTracer.isRegistered()) {
      synchronized (GlobalDelegate.class) {
        if (!registered || !GlobalTracer.isRegistered()) {
          registered = GlobalTracer.registerIfAbsent(INSTANCE);
        }
      }
    }
    if (!registered) {
      throw new IllegalStateException(
          "GlobalTracer already has another tracer registered, so the JstVerify tracer cannot"
              + " be made global. Call JstVerifyTracing.init(...) before anything registers a"
              + " tracer, or register the JstVerifyTracer yourself with"
              + " GlobalTracer.registerIfAbsent(tracer).");
    }
    Tracer previous = INSTANCE.target;
    INSTANCE.target = tracer;
    return previous == NOOP ? null : previous;
  }

  /** Puts back what {@link #install} returned ({@code null}: nothing, a no-op tracer). */
  public static void restore(Tracer previous) {
    INSTANCE.target = previous == null ? NOOP : previous;
  }

  /** The installed tracer, or {@code null}. */
  public static Tracer installed() {
    Tracer t = INSTANCE.target;
    return t == NOOP ? null : t;
  }

  @Override
  public ScopeManager scopeManager() {
    return target.scopeManager();
  }

  @Override
  public Span activeSpan() {
    return target.activeSpan();
  }

  @Override
  public Scope activateSpan(Span span) {
    return target.activateSpan(span);
  }

  @Override
  public SpanBuilder buildSpan(String operationName) {
    return target.buildSpan(operationName);
  }

  @Override
  public <C> void inject(SpanContext spanContext, Format<C> format, C carrier) {
    target.inject(spanContext, format, carrier);
  }

  @Override
  public <C> SpanContext extract(Format<C> format, C carrier) {
    return target.extract(format, carrier);
  }

  @Override
  public void close() {
    target.close();
  }

  @Override
  public String toString() {
    return "GlobalDelegate{" + target + "}";
  }
}
