package com.jstverify.tracing.testbed;

import com.jstverify.tracing.scope.ContextScopeManager;
import com.jstverify.tracing.scope.ThreadLocalScopeManager;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.ScopeManager;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;

/**
 * The scope managers a scenario runs on when it only uses the plain OpenTracing API: the
 * tracer's default and the context one. Use with {@code @MethodSource(ScopeManagers.ALL)}.
 */
public final class ScopeManagers {
  public static final String ALL = "com.jstverify.tracing.testbed.ScopeManagers#all";

  private ScopeManagers() {}

  public static Stream<Named<Supplier<ScopeManager>>> all() {
    return Stream.of(
        Named.of("ThreadLocalScopeManager", ThreadLocalScopeManager::new),
        Named.of("ContextScopeManager", ContextScopeManager::new));
  }

  /** The real tracer with an in-memory reporter, on a new scope manager. */
  public static TestTracer tracer(Supplier<ScopeManager> scopeManager) {
    return TestTracer.create(b -> b.scopeManager(scopeManager.get()));
  }
}
