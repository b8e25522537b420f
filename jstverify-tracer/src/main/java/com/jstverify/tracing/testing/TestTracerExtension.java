package com.jstverify.tracing.testing;

import com.jstverify.tracing.internal.GlobalDelegate;
import io.opentracing.Tracer;
import io.opentracing.util.GlobalTracer;
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
 * reflection. Tests run in parallel within one JVM would share the global slot: use the
 * injected tracer directly there.
 */
public final class TestTracerExtension
    implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(TestTracerExtension.class);
  private static final String TRACER = "tracer";
  private static final String PREVIOUS = "previous";

  @Override
  public void beforeEach(ExtensionContext context) {
    TestTracer tracer = TestTracer.create();
    Tracer previous;
    try {
      previous = GlobalDelegate.install(tracer);
    } catch (IllegalStateException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    store.put(TRACER, tracer);
    if (previous != null) store.put(PREVIOUS, previous);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ExtensionContext.Store store = context.getStore(NAMESPACE);
    Tracer previous = store.remove(PREVIOUS, Tracer.class);
    GlobalDelegate.restore(previous);
    TestTracer tracer = store.remove(TRACER, TestTracer.class);
    if (tracer != null) tracer.close();
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
