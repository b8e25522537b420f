package com.jstverify.tracing.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The failure stages Java 12 added to {@code CompletableFuture}, on a future of {@link
 * TracingCompletableFutures}. The library is compiled for Java 11, so they are called the way an
 * application on a newer JDK reaches them: through the JDK's own methods (here by reflection).
 */
@SuppressWarnings("try") // scopes opened only for their side effect
class TracingCompletableFuturesJava12Test {
  /** How each stage is reached: method name, and whether it is given an executor. */
  enum Stage {
    EXCEPTIONALLY_ASYNC("exceptionallyAsync", false, false),
    EXCEPTIONALLY_ASYNC_ON_EXECUTOR("exceptionallyAsync", true, false),
    EXCEPTIONALLY_COMPOSE("exceptionallyCompose", false, true),
    EXCEPTIONALLY_COMPOSE_ASYNC("exceptionallyComposeAsync", false, true),
    EXCEPTIONALLY_COMPOSE_ASYNC_ON_EXECUTOR("exceptionallyComposeAsync", true, true);

    final String method;
    final boolean onExecutor;
    final boolean composes;

    Stage(String method, boolean onExecutor, boolean composes) {
      this.method = method;
      this.onExecutor = onExecutor;
      this.composes = composes;
    }

    /** Declares the stage on {@code future}: {@code recover} maps the failure to a value. */
    @SuppressWarnings("unchecked")
    <T> CompletableFuture<T> declare(
        CompletableFuture<T> future, Function<Throwable, T> recover, Executor executor)
        throws Exception {
      Function<Throwable, ?> fn =
          composes && recover != null
              ? error -> CompletableFuture.completedFuture(recover.apply(error))
              : recover;
      try {
        return onExecutor
            ? (CompletableFuture<T>)
                CompletableFuture.class
                    .getMethod(method, Function.class, Executor.class)
                    .invoke(future, fn, executor)
            : (CompletableFuture<T>)
                CompletableFuture.class.getMethod(method, Function.class).invoke(future, fn);
      } catch (InvocationTargetException e) {
        throw (Exception) e.getCause();
      }
    }
  }

  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @BeforeEach
  void onJava12OrLater() {
    assumeTrue(Runtime.version().feature() >= 12, "these stages exist from Java 12");
  }

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void failure_isRecoveredInTheDeclaringContext(Stage stage) throws Exception {
    for (ScopeManagerKind kind : ScopeManagerKind.values()) {
      ScopeManager scopeManager = kind.create();
      FakeSpan declaring = new FakeSpan("declaring");
      CompletableFuture<Span> recovered;
      try (Scope scope = scopeManager.activate(declaring)) {
        recovered =
            stage.declare(failing(scopeManager), error -> scopeManager.activeSpan(), pool);
      }
      assertSame(declaring, recovered.get(5, TimeUnit.SECONDS), kind + " " + stage);
      assertTrue(recovered instanceof ContextCompletableFuture, "later stages are traced too");
      if (kind.finishesSpans()) assertEquals(1, declaring.awaitFinishCount(), kind + " " + stage);
      assertNull(pool.submit(scopeManager::activeSpan).get(), "the pool threads are clean");
    }
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void success_passesStraightThrough_andGivesTheReferenceBack(Stage stage) throws Exception {
    AutoFinishScopeManager scopeManager = new AutoFinishScopeManager();
    FakeSpan declaring = new FakeSpan("declaring");
    CompletableFuture<String> result;
    try (Scope scope = scopeManager.activate(declaring)) {
      result =
          stage.declare(
              TracingCompletableFutures.supplyAsync(scopeManager, () -> "loaded", pool),
              error -> "recovered",
              pool);
    }
    assertEquals("loaded", result.get(5, TimeUnit.SECONDS));
    assertEquals(1, declaring.awaitFinishCount());
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void failingRecovery_failsTheStage_withItsException(Stage stage) throws Exception {
    ScopeManager scopeManager = new ContextScopeManager();
    IllegalArgumentException recoveryFailed = new IllegalArgumentException("recovery failed");
    CompletableFuture<Span> stageFuture =
        stage.declare(
            failing(scopeManager),
            error -> {
              throw recoveryFailed;
            },
            pool);
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> stageFuture.get(5, TimeUnit.SECONDS));
    assertSame(recoveryFailed, e.getCause());
  }

  @ParameterizedTest
  @EnumSource(Stage.class)
  void nullFunction_isRejected_withoutTakingAReference(Stage stage) throws Exception {
    AutoFinishScopeManager scopeManager = new AutoFinishScopeManager();
    FakeSpan declaring = new FakeSpan("declaring");
    try (Scope scope = scopeManager.activate(declaring)) {
      CompletableFuture<Span> source = failing(scopeManager);
      assertThrows(NullPointerException.class, () -> stage.declare(source, null, pool));
    }
    assertEquals(1, declaring.awaitFinishCount());
  }

  private CompletableFuture<Span> failing(ScopeManager scopeManager) {
    return TracingCompletableFutures.supplyAsync(
        scopeManager,
        () -> {
          throw new IllegalStateException("load failed");
        },
        pool);
  }
}
