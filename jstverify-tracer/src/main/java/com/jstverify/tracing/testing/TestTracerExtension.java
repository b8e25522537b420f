package com.jstverify.tracing.testing;

import com.jstverify.tracing.internal.GlobalDelegate;
import io.opentracing.Tracer;
import io.opentracing.util.GlobalTracer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5: a fresh {@link TestTracer} for each test, injected as a parameter and reachable
 * through {@link GlobalTracer#get()} for the length of the test.
 *
 * <pre>{@code
 * @ExtendWith(TestTracerExtension.class)
 * class CheckoutTest {
 *   @Test void checkout_isTraced(TestTracer tracer) {
 *     new Checkout().run(); // instrumented with GlobalTracer.get()
 *     assertEquals(1, tracer.finishedSpans().size());
 *   }
 * }
 * }</pre>
 *
 * <p>GlobalTracer accepts one registration per JVM; the extension registers a switchable
 * delegate once and points it at each test's tracer, so no test needs to reset GlobalTracer by
 * reflection. Tests run in parallel within one JVM share the global slot: it reaches the tracer
 * of the latest test still running (never a finished test's closed one), so use the injected
 * tracer directly there.
 */
public final class TestTracerExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestTracerExtension.class);
  private static final String TRACER = "tracer";

  // The tests running now, in start order, and what GlobalTracer reached before the first of
  // them. Parallel tests end in any order: a test that ends hands the global slot to the latest
  // one still running, not back to whatever it replaced (that may be a finished, closed tracer).
  private static final Object LOCK = new Object();
  private static final List<TestTracer> running = new ArrayList<>();
  private static Tracer beforeTests;

  @Override
  public void beforeEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    // Registered twice (a class's @ExtendWith and its @Nested class's @RegisterExtension): the
    // test has its tracer already, and the first afterEach to run puts everything back.
    if (store.get(TRACER, TestTracer.class) != null) return;
    TestTracer tracer = TestTracer.create();
    synchronized (LOCK) {
      Tracer previous;
      try {
        previous = GlobalDelegate.install(tracer);
      } catch (IllegalStateException e) {
        throw new ExtensionConfigurationException(e.getMessage(), e);
      }
      if (running.isEmpty()) beforeTests = previous;
      running.add(tracer);
    }
    store.put(TRACER, tracer);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    TestTracer tracer = context.getStore(NAMESPACE).remove(TRACER, TestTracer.class);
    if (tracer == null) return; // beforeEach failed: it changed nothing
    synchronized (LOCK) {
      running.remove(tracer);
      if (running.isEmpty()) {
        GlobalDelegate.restore(beforeTests);
        beforeTests = null;
      } else if (GlobalDelegate.installed() == tracer) {
        GlobalDelegate.restore(running.get(running.size() - 1));
      }
    }
    tracer.close();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestTracer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    TestTracer tracer = context.getStore(NAMESPACE).get(TRACER, TestTracer.class);
    if (tracer == null) {
      throw new ParameterResolutionException(
          "TestTracer is only available to test methods (not to constructors or @BeforeAll)");
    }
    return tracer;
  }
}
