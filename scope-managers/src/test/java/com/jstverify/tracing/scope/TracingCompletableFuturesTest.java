package com.jstverify.tracing.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@SuppressWarnings("try") // scopes opened only for their side effect
class TracingCompletableFuturesTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** Starts and finishes a child of whatever is active on the calling thread. */
  private static void child(MockTracer tracer, String name) {
    tracer.buildSpan(name).start().finish();
  }

  private static void finishUnlessAutomatic(ScopeManagerKind kind, Span span) {
    if (!kind.finishesSpans()) span.finish();
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void everyStage_startsChildrenOfTheSpanActiveWhereItWasDeclared(ScopeManagerKind kind)
      throws Exception {
    ScopeManager scopeManager = kind.create();
    MockTracer tracer = new MockTracer(scopeManager);
    Span parent = tracer.buildSpan("parent").start();
    CompletableFuture<Void> done;
    try (Scope scope = tracer.activateSpan(parent)) {
      CompletableFuture<Integer> other =
          TracingCompletableFutures.supplyAsync(
              scopeManager,
              () -> {
                child(tracer, "other");
                return 2;
              },
              pool);
      done =
          TracingCompletableFutures.supplyAsync(
                  scopeManager,
                  () -> {
                    child(tracer, "supplyAsync");
                    return 1;
                  },
                  pool)
              .thenApplyAsync(
                  x -> {
                    child(tracer, "thenApplyAsync");
                    return x;
                  },
                  pool)
              .thenCompose(
                  x ->
                      TracingCompletableFutures.supplyAsync(
                          scopeManager,
                          () -> {
                            child(tracer, "composed");
                            return x;
                          },
                          pool))
              .thenCombineAsync(
                  other,
                  (x, y) -> {
                    child(tracer, "thenCombineAsync");
                    return x + y;
                  },
                  pool)
              .handle(
                  (x, error) -> {
                    child(tracer, "handle");
                    return x;
                  })
              .whenCompleteAsync((x, error) -> child(tracer, "whenCompleteAsync"), pool)
              .thenAccept(x -> child(tracer, "thenAccept"));
    } finally {
      finishUnlessAutomatic(kind, parent);
    }
    done.get(5, TimeUnit.SECONDS);

    MockSpan parentSpan = (MockSpan) parent;
    List<String> children = new ArrayList<>();
    for (MockSpan span : tracer.finishedSpans()) {
      if (span == parentSpan) continue;
      children.add(span.operationName());
      assertEquals(
          parentSpan.context().spanId(), span.parentId(), span.operationName() + "'s parent");
    }
    assertEquals(8, children.size(), children.toString());
    assertNull(pool.submit(scopeManager::activeSpan).get(), "the pool threads are clean");
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void stage_declaredUnderAnotherSpan_usesThatSpan(ScopeManagerKind kind) throws Exception {
    ScopeManager scopeManager = kind.create();
    Span first = new FakeSpan("first");
    Span second = new FakeSpan("second");
    CompletableFuture<Span> source;
    try (Scope scope = scopeManager.activate(first)) {
      source = TracingCompletableFutures.supplyAsync(scopeManager, scopeManager::activeSpan, pool);
    }
    CompletableFuture<Span[]> both;
    try (Scope scope = scopeManager.activate(second)) {
      both = source.thenApplyAsync(s -> new Span[] {s, scopeManager.activeSpan()}, pool);
    }
    Span[] seen = both.get(5, TimeUnit.SECONDS);
    assertSame(first, seen[0]);
    assertSame(second, seen[1]);
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void wrap_completedByAnUntracedThread_stillRunsStagesInDeclaringContext(ScopeManagerKind kind)
      throws Exception {
    ScopeManager scopeManager = kind.create();
    Span span = new FakeSpan("declaring");
    CompletableFuture<String> untraced = new CompletableFuture<>();
    CompletableFuture<Span> seen;
    try (Scope scope = scopeManager.activate(span)) {
      seen = TracingCompletableFutures.wrap(scopeManager, untraced).thenApply(s -> scopeManager.activeSpan());
    }
    OnThread.run(() -> untraced.complete("response")); // a library's I/O thread, say
    assertSame(span, seen.get(5, TimeUnit.SECONDS));
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void runAsync_onCommonPool_runsWithDeclaringSpan(ScopeManagerKind kind) throws Exception {
    ScopeManager scopeManager = kind.create();
    Span span = new FakeSpan("declaring");
    Span[] seen = new Span[1];
    CompletableFuture<Void> done;
    try (Scope scope = scopeManager.activate(span)) {
      done = TracingCompletableFutures.runAsync(scopeManager, () -> seen[0] = scopeManager.activeSpan());
    }
    done.get(5, TimeUnit.SECONDS);
    assertSame(span, seen[0]);
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void failedStage_reachesExceptionallyWithDeclaringSpan(ScopeManagerKind kind) throws Exception {
    ScopeManager scopeManager = kind.create();
    Span span = new FakeSpan("declaring");
    CompletableFuture<Span> recovered;
    try (Scope scope = scopeManager.activate(span)) {
      recovered =
          TracingCompletableFutures.<Span>supplyAsync(
                  scopeManager,
                  () -> {
                    throw new IllegalStateException("load failed");
                  },
                  pool)
              .thenApply(s -> s) // skipped
              .exceptionally(error -> scopeManager.activeSpan());
    }
    assertSame(span, recovered.get(5, TimeUnit.SECONDS));
  }

  @Test
  void autoFinish_skippedStages_giveTheirReferenceBack() throws Exception {
    AutoFinishScopeManager scopeManager = new AutoFinishScopeManager();
    FakeSpan span = new FakeSpan("auto");
    CompletableFuture<String> chain;
    try (Scope scope = scopeManager.activate(span)) {
      chain =
          TracingCompletableFutures.<String>supplyAsync(
                  scopeManager,
                  () -> {
                    throw new IllegalStateException("load failed");
                  },
                  pool)
              .thenApply(s -> s + " rendered") // never runs
              .thenApplyAsync(s -> s + " sent", pool); // never runs
    }
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> chain.get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IllegalStateException);
    // The last reference goes on the pool thread that completes the last stage.
    assertEquals(1, span.awaitFinishCount());
  }

  @Test
  void autoFinish_spanFinishesAfterTheLastStage() throws Exception {
    AutoFinishScopeManager scopeManager = new AutoFinishScopeManager();
    FakeSpan span = new FakeSpan("auto");
    int[] finishedBeforeLastStage = new int[1];
    CompletableFuture<Void> chain;
    try (Scope scope = scopeManager.activate(span)) {
      chain =
          TracingCompletableFutures.supplyAsync(scopeManager, () -> "row", pool)
              .thenAcceptAsync(s -> finishedBeforeLastStage[0] = span.finishCount(), pool);
    }
    chain.get(5, TimeUnit.SECONDS);
    assertEquals(1, span.awaitFinishCount());
    assertEquals(0, finishedBeforeLastStage[0]);
  }

  @Test
  void autoFinish_supplyAsyncCancelledBeforeItRuns_givesItsReferenceBack() throws Exception {
    AutoFinishScopeManager scopeManager = new AutoFinishScopeManager();
    FakeSpan span = new FakeSpan("auto");
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch busy = new CountDownLatch(1);
      worker.execute(() -> awaitQuietly(busy)); // keeps the supplier queued
      AtomicBoolean ran = new AtomicBoolean();
      CompletableFuture<String> queued;
      try (Scope scope = scopeManager.activate(span)) {
        queued =
            TracingCompletableFutures.supplyAsync(
                scopeManager,
                () -> {
                  ran.set(true);
                  return "row";
                },
                worker);
      }
      assertEquals(0, span.finishCount(), "the queued supplier holds the span");

      assertTrue(queued.cancel(false)); // or orTimeout, completeOnTimeout, complete(...)
      busy.countDown();
      worker.submit(() -> {}).get(5, TimeUnit.SECONDS); // the supplier's turn has passed
      assertFalse(ran.get(), "a completed future skips its supplier");
      assertEquals(1, span.finishCount(), "the skipped supplier gave its reference back");
    } finally {
      worker.shutdownNow();
    }
  }

  /**
   * A stage declared with a null executor or a null other stage is refused with an exception and
   * will never run: like a null function, it must not keep the span open.
   */
  @Test
  void autoFinish_stageRefusedForANullExecutorOrOtherStage_takesNoReference() throws Exception {
    AutoFinishScopeManager scopeManager = new AutoFinishScopeManager();
    FakeSpan span = new FakeSpan("auto");
    try (Scope scope = scopeManager.activate(span)) {
      CompletableFuture<String> done =
          TracingCompletableFutures.wrap(scopeManager, CompletableFuture.completedFuture("row"));
      assertThrows(NullPointerException.class, () -> done.whenCompleteAsync((r, e) -> {}, null));
      assertThrows(NullPointerException.class, () -> done.acceptEither(null, s -> {}));
      assertThrows(NullPointerException.class, () -> done.runAfterBoth(null, () -> {}));
      assertThrows(
          NullPointerException.class, () -> done.thenCombineAsync(done, (a, b) -> a + b, null));
    }
    assertEquals(1, span.finishCount(), "no stage that will never run holds the span");
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Many requests declaring chains at once on a shared pool: each stage sees its own request's
   * span (no cross-talk), and with auto-finish every request span finishes once, after its chain.
   */
  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void manyConcurrentChains_eachStageSeesItsOwnRequest(ScopeManagerKind kind) throws Exception {
    ScopeManager scopeManager = kind.create();
    int requestThreads = 4;
    int requestsPerThread = 100;
    ExecutorService requests = Executors.newFixedThreadPool(requestThreads);
    Queue<String> problems = new ConcurrentLinkedQueue<>();
    List<FakeSpan> roots = new CopyOnWriteArrayList<>();
    List<CompletableFuture<?>> chains = new CopyOnWriteArrayList<>();
    try {
      List<Future<?>> submitted = new ArrayList<>();
      for (int t = 0; t < requestThreads; t++) {
        submitted.add(
            requests.submit(
                () -> {
                  for (int r = 0; r < requestsPerThread; r++) {
                    FakeSpan root = new FakeSpan("request");
                    roots.add(root);
                    try (Scope scope = scopeManager.activate(root)) {
                      Runnable check =
                          () -> {
                            if (scopeManager.activeSpan() != root) {
                              problems.add("saw " + scopeManager.activeSpan() + ", not " + root);
                            }
                          };
                      chains.add(
                          TracingCompletableFutures.runAsync(scopeManager, check, pool)
                              .thenRunAsync(check, pool)
                              .thenCompose(
                                  x -> TracingCompletableFutures.runAsync(scopeManager, check, pool))
                              .thenRun(check)
                              .whenComplete((x, e) -> check.run()));
                    } finally {
                      finishUnlessAutomatic(kind, root);
                    }
                    if (scopeManager.activeSpan() != null) problems.add("request thread kept a span");
                  }
                }));
      }
      for (Future<?> f : submitted) f.get(10, TimeUnit.SECONDS);
      for (CompletableFuture<?> chain : chains) chain.get(10, TimeUnit.SECONDS);
    } finally {
      requests.shutdownNow();
    }
    assertTrue(problems.isEmpty(), () -> problems.size() + " problems, e.g. " + problems.peek());
    for (FakeSpan root : roots) assertEquals(1, root.awaitFinishCount(), root + " finished once");
    assertNull(pool.submit(scopeManager::activeSpan).get(), "the pool threads are clean");
  }

  @Test
  void nullArguments_sayWhichOne() {
    ScopeManager scopeManager = new ContextScopeManager();
    assertEquals(
        "scopeManager == null",
        assertThrows(
                NullPointerException.class,
                () -> TracingCompletableFutures.supplyAsync(null, () -> 1, pool))
            .getMessage());
    assertEquals(
        "task == null",
        assertThrows(
                NullPointerException.class,
                () -> TracingCompletableFutures.runAsync(scopeManager, null, pool))
            .getMessage());
    assertEquals(
        "task == null",
        assertThrows(
                NullPointerException.class,
                () -> TracingCompletableFutures.supplyAsync(scopeManager, () -> 1, pool).thenApply(null))
            .getMessage());
  }
}
