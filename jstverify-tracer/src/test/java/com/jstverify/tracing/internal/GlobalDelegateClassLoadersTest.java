package com.jstverify.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.opentracing.Tracer;
import io.opentracing.mock.MockTracer;
import io.opentracing.noop.NoopTracerFactory;
import io.opentracing.util.GlobalTracer;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * Two applications in one container, each with its own copy of the tracer, sharing the
 * container's opentracing-util (one GlobalTracer): only the first can make its tracer global.
 * Each "application" here is a class loader over the tracer's classes; they share a parent that
 * holds a fresh GlobalTracer, so the test JVM's own is left alone.
 */
class GlobalDelegateClassLoadersTest {
  @Test
  void aSecondCopyOfTheTracer_cannotTakeAGlobalTracerTheFirstCopyHolds() throws Exception {
    ClassLoader container =
        new ChildFirst("io.opentracing.util.", locationOf(GlobalTracer.class), getClass().getClassLoader());
    ClassLoader firstApp = new ChildFirst("com.jstverify.", locationOf(GlobalDelegate.class), container);
    ClassLoader secondApp = new ChildFirst("com.jstverify.", locationOf(GlobalDelegate.class), container);
    MockTracer first = new MockTracer();
    MockTracer second = new MockTracer();

    assertNull(install(firstApp, first));
    Throwable refused = installFailure(secondApp, second);

    assertEquals(
        IllegalStateException.class,
        refused == null ? null : refused.getClass(),
        "the second copy must be told that GlobalTracer is not its own");
    Tracer global =
        (Tracer) container.loadClass("io.opentracing.util.GlobalTracer").getMethod("get").invoke(null);
    global.buildSpan("through-global").start().finish();
    assertEquals(1, first.finishedSpans().size(), "GlobalTracer still reaches the first");
    assertEquals(0, second.finishedSpans().size());
    assertSame(first, installed(firstApp));
    assertNull(installed(secondApp));
  }

  @Test
  void aGlobalTracerResetByReflection_isTakenAgain_byTheNextInstall() throws Exception {
    ClassLoader container =
        new ChildFirst("io.opentracing.util.", locationOf(GlobalTracer.class), getClass().getClassLoader());
    ClassLoader app = new ChildFirst("com.jstverify.", locationOf(GlobalDelegate.class), container);
    MockTracer before = new MockTracer();
    MockTracer after = new MockTracer();
    install(app, before);

    Class<?> globalTracer = container.loadClass("io.opentracing.util.GlobalTracer");
    resetByReflection(globalTracer);
    install(app, after);

    Tracer global = (Tracer) globalTracer.getMethod("get").invoke(null);
    global.buildSpan("through-global").start().finish();
    assertEquals(1, after.finishedSpans().size(), "GlobalTracer reaches the tracer installed last");
  }

  @Test
  void aGlobalTracerResetByReflection_thenTakenByAnotherTracer_isNotMistakenForOurs()
      throws Exception {
    ClassLoader container =
        new ChildFirst("io.opentracing.util.", locationOf(GlobalTracer.class), getClass().getClassLoader());
    ClassLoader app = new ChildFirst("com.jstverify.", locationOf(GlobalDelegate.class), container);
    install(app, new MockTracer());

    // A suite that resets GlobalTracer between tests, then registers a MockTracer of its own.
    Class<?> globalTracer = container.loadClass("io.opentracing.util.GlobalTracer");
    resetByReflection(globalTracer);
    MockTracer mock = new MockTracer();
    globalTracer.getMethod("registerIfAbsent", Tracer.class).invoke(null, mock);
    Throwable refused = installFailure(app, new MockTracer());

    assertEquals(
        IllegalStateException.class,
        refused == null ? null : refused.getClass(),
        "GlobalTracer holds the MockTracer now, not our delegate");
    Tracer global = (Tracer) globalTracer.getMethod("get").invoke(null);
    global.buildSpan("through-global").start().finish();
    assertEquals(1, mock.finishedSpans().size());
  }

  // What opentracing-util's GlobalTracerTestUtil.resetGlobalTracer() does between tests.
  private static void resetByReflection(Class<?> globalTracer) throws Exception {
    Field tracerField = globalTracer.getDeclaredField("tracer");
    tracerField.setAccessible(true);
    tracerField.set(null, NoopTracerFactory.create());
    Field registeredField = globalTracer.getDeclaredField("isRegistered");
    registeredField.setAccessible(true);
    registeredField.set(null, false);
  }

  private static Object install(ClassLoader app, Tracer tracer) throws Exception {
    return delegate(app).getMethod("install", Tracer.class).invoke(null, tracer);
  }

  private static Throwable installFailure(ClassLoader app, Tracer tracer) throws Exception {
    try {
      install(app, tracer);
      return null;
    } catch (InvocationTargetException e) {
      return e.getCause();
    }
  }

  private static Object installed(ClassLoader app) throws Exception {
    return delegate(app).getMethod("installed").invoke(null);
  }

  private static Class<?> delegate(ClassLoader app) throws ClassNotFoundException {
    return Class.forName(GlobalDelegate.class.getName(), true, app);
  }

  private static URL locationOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation();
  }

  /** Loads the classes under {@code prefix} itself, from {@code location}; the rest from its parent. */
  private static final class ChildFirst extends URLClassLoader {
    private final String prefix;

    ChildFirst(String prefix, URL location, ClassLoader parent) {
      super(new URL[] {location}, parent);
      this.prefix = prefix;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(prefix)) return super.loadClass(name, resolve);
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) loaded = findClass(name);
        if (resolve) resolveClass(loaded);
        return loaded;
      }
    }
  }
}
