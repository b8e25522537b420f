package com.jstverify.tracing.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.jstverify.tracing.internal.GlobalDelegate;
import io.opentracing.Tracer;
import io.opentracing.util.GlobalTracer;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tests that overlap, as they do when JUnit runs them in parallel: the callbacks are called
 * directly, in the order a parallel run can call them, with fake contexts.
 */
class TestTracerExtensionOverlapTest {
  private final TestTracerExtension extension = new TestTracerExtension();

  @Test
  void firstTestEndingFirst_leavesTheStillRunningTestItsGlobalTracer() {
    Tracer before = GlobalDelegate.installed();
    ExtensionContext a = fakeContext();
    ExtensionContext b = fakeContext();
    extension.beforeEach(a);
    extension.beforeEach(b);
    TestTracer tracerB = (TestTracer) GlobalDelegate.installed();

    extension.afterEach(a);
    GlobalTracer.get().buildSpan("b-still-running").start().finish();

    assertEquals(1, tracerB.finishedSpans().size(), "b's instrumented code lost its tracer");
    extension.afterEach(b);
    assertSame(before, GlobalDelegate.installed());
  }

  @Test
  void overlappingTests_neverLeaveGlobalTracerOnAClosedTracer() {
    Tracer before = GlobalDelegate.installed();
    ExtensionContext a = fakeContext();
    ExtensionContext b = fakeContext();
    ExtensionContext c = fakeContext();
    extension.beforeEach(a);
    extension.beforeEach(b);
    extension.afterEach(a);
    extension.beforeEach(c);
    TestTracer tracerC = (TestTracer) GlobalDelegate.installed();

    extension.afterEach(b);
    GlobalTracer.get().buildSpan("c-still-running").start().finish();

    assertEquals(1, tracerC.finishedSpans().size(), "c's spans went to a closed tracer");
    extension.afterEach(c);
    assertSame(before, GlobalDelegate.installed(), "left on " + GlobalDelegate.installed());
  }

  @Test
  void registeredTwiceForOneTest_givesItOneTracer_andPutsBackWhatWasThere() {
    // As with @ExtendWith on a class and @RegisterExtension in its @Nested class.
    Tracer before = GlobalDelegate.installed();
    TestTracerExtension other = new TestTracerExtension();
    ExtensionContext test = fakeContext();
    extension.beforeEach(test);
    Tracer first = GlobalDelegate.installed();
    other.beforeEach(test);

    assertSame(first, GlobalDelegate.installed());
    other.afterEach(test);
    extension.afterEach(test);
    assertSame(before, GlobalDelegate.installed());
    extension.beforeEach(test);
    extension.afterEach(test);
    assertSame(before, GlobalDelegate.installed());
  }

  /** A context whose store is a plain map: all the extension uses. */
  private static ExtensionContext fakeContext() {
    Map<Object, Object> values = new HashMap<>();
    ExtensionContext.Store store =
        (ExtensionContext.Store)
            Proxy.newProxyInstance(
                ExtensionContext.Store.class.getClassLoader(),
                new Class<?>[] {ExtensionContext.Store.class},
                (proxy, method, args) -> {
                  switch (method.getName()) {
                    case "put":
                      values.put(args[0], args[1]);
                      return null;
                    case "get":
                      return values.get(args[0]);
                    case "remove":
                      return values.remove(args[0]);
                    default:
                      throw new UnsupportedOperationException(method.getName());
                  }
                });
    return (ExtensionContext)
        Proxy.newProxyInstance(
            ExtensionContext.class.getClassLoader(),
            new Class<?>[] {ExtensionContext.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getStore")) return store;
              if (method.getName().equals("toString")) return "FakeExtensionContext";
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
