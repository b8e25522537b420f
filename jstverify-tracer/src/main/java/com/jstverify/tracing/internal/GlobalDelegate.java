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
  // Set while install() asks GlobalTracer whether it reaches this very delegate: GlobalTracer has
  // no getter, but its toString() calls the registered tracer's, which notes the question here.
  // Another copy of these classes (a second application sharing the container's opentracing-util)
  // has its own, so it never answers for this one; and no application call pays for it.
  private static final ThreadLocal<boolean[]> PROBE = new ThreadLocal<>();

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
    // Registers when nothing is, the first time or after a test reset GlobalTracer by reflection
    // (opentracing-util's GlobalTracerTestUtil); then asks whether it reaches this delegate, since
    // whatever is registered may be another tracer, or another copy of this delegate.
    GlobalTracer.registerIfAbsent(INSTANCE);
    if (!globalTracerReachesThis()) {
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

  private static boolean globalTracerReachesThis() {
    boolean[] reached = {false};
    PROBE.set(reached);
    try {
      GlobalTracer.get().toString(); // our toString() sets reached[0]
      return reached[0];
    } catch (RuntimeException e) {
      return false; // another tracer, whose toString() fails
    } finally {
      PROBE.remove();
    }
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
    boolean[] probe = PROBE.get();
    if (probe != null) {
      probe[0] = true;
      return "GlobalDelegate"; // not the target's toString: a TestTracer's copies its spans
    }
    return "GlobalDelegate{" + target + "}";
  }
}
