package com.jstverify.tracing.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.mock.MockSpan;
import io.opentracing.mock.MockTracer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Phaser;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many request threads, thousands of nested tasks on one shared pool and {@code
 * CompletableFuture} chains: every task must see exactly its submitter's span (no cross-talk
 * between requests) and every pool thread must be clean after every task, including tasks that
 * throw or leave scopes open. Bounded to a few seconds.
 */
@SuppressWarnings("try") // scopes opened only for their side effect
class ScopePropagationStressTest {
  private static final int REQUEST_THREADS = 8;
  private static final int REQUESTS_PER_THREAD = 40;
  private static final int DEPTH = 3; // 2 + 4 + 8 = 14 nested tasks per request
  private static final int CHAIN_STAGES = 5;

  private final Queue<String> problems = new ConcurrentLinkedQueue<>();
  private final AtomicInteger leakingTasks = new AtomicInteger();

  static Stream<Named<Supplier<ScopeManager>>> scopeManagers() {
    return Stream.of(
        Named.of("ThreadLocalScopeManager", ThreadLocalScopeManager::new),
        Named.of("ContextScopeManager", ContextScopeManager::new));
  }

  @ParameterizedTest
  @MethodSource("scopeManagers")
  @Timeout(30)
  void nestedTasksAndChains_manyThreads_noCrossTalkAndNoLeaks(Supplier<ScopeManager> managers)
      throws Exception {
    ScopeManager scopes = managers.get();
    MockTracer tracer = new MockTracer(scopes);
    ExecutorService raw = leakCheckingPool(scopes, 4);
    ExecutorService pool = TracingExecutors.wrap(scopes, raw);
    ExecutorService requestThreads = Executors.newFixedThreadPool(REQUEST_THREADS);
    Phaser tasks = new Phaser(1);
    List<MockSpan> roots = new ArrayList<>();
    try {
      List<Future<List<MockSpan>>> submitted = new ArrayList<>();
      for (int t = 0; t < REQUEST_THREADS; t++) {
        submitted.add(
            requestThreads.submit(
                () -> {
                  List<MockSpan> mine = new ArrayList<>();
                  for (int r = 0; r < REQUESTS_PER_THREAD; r++) {
                    mine.add(serveRequest(tracer, scopes, pool, tasks));
                    if (scopes.activeSpan() != null) problems.add("request thread kept a span");
                  }
                  return mine;
                }));
      }
      for (Future<List<MockSpan>> f : submitted) roots.addAll(f.get(20, TimeUnit.SECONDS));
      tasks.awaitAdvanceInterruptibly(tasks.arrive(), 20, TimeUnit.SECONDS);
    } finally {
      requestThreads.shutdownNow();
      raw.shutdownNow();
    }

    assertTrue(problems.isEmpty(), () -> problems.size() + " problems, e.g. " + problems.peek());

    // Every span of a request hangs off that request's root, in its trace.
    Map<Long, MockSpan> byId = new HashMap<>();
    for (MockSpan span : tracer.finishedSpans()) byId.put(span.context().spanId(), span);
    int perRequest = 1 + (2 + 4 + 8) + CHAIN_STAGES + 1;
    assertEquals(roots.size() * perRequest, byId.size());
    for (MockSpan span : byId.values()) {
      MockSpan root = span;
      while (root.parentId() != 0) root = byId.get(root.parentId());
      assertEquals(root.context().traceId(), span.context().traceId());
      assertEquals(root.tags().get("request"), span.tags().get("request"), span.toString());
    }
    // Each leaking task shows twice: its own scope then closes out of order (under the leaked
    // one), and the restored context drops the leaked scope when the task ends.
    assertTrue(leakingTasks.get() > 0);
    if (scopes instanceof ThreadLocalScopeManager) {
      assertEquals(2 * leakingTasks.get(), ((ThreadLocalScopeManager) scopes).misuseCount());
    } else {
      assertEquals(2 * leakingTasks.get(), ((ContextScopeManager) scopes).misuseCount());
    }
  }

  private MockSpan serveRequest(
      MockTracer tracer, ScopeManager scopes, ExecutorService pool, Phaser tasks) {
    String request = Thread.currentThread().getName() + "#" + System.nanoTime();
    MockSpan root = tracer.buildSpan("request").withTag("request", request).start();
    try (Scope scope = scopes.activate(root)) {
      fanOut(tracer, scopes, pool, tasks, root, request, DEPTH);
      chain(tracer, scopes, pool, tasks, root, request);
    } finally {
      root.finish();
    }
    return root;
  }

  /** Two tasks per level, each checking its parent and submitting the next level. */
  private void fanOut(
      MockTracer tracer,
      ScopeManager scopes,
      ExecutorService pool,
      Phaser tasks,
      Span parent,
      String request,
      int levels) {
    for (int i = 0; i < 2; i++) {
      tasks.register();
      boolean leak = levels == 1 && i == 0 && (request.hashCode() & 3) == 0;
      boolean fail = levels == 1 && i == 1;
      pool.execute(
          () -> {
            try {
              expectActive(scopes, parent, "nested task");
              Span child = tracer.buildSpan("task").withTag("request", request).start();
              try (Scope scope = scopes.activate(child)) {
                if (levels > 1) fanOut(tracer, scopes, pool, tasks, child, request, levels - 1);
                if (leak) {
                  // A buggy task: activates and never closes. Its context must not outlive it.
                  leakingTasks.incrementAndGet();
                  scopes.activate(child);
                }
              } finally {
                child.finish();
              }
              if (fail) throw new IllegalStateException("a task that fails");
            } finally {
              tasks.arriveAndDeregister();
            }
          });
    }
  }

  /** A chain of async stages on the wrapped pool: each stage sees the request's root. */
  private void chain(
      MockTracer tracer,
      ScopeManager scopes,
      ExecutorService pool,
      Phaser tasks,
      Span root,
      String request) {
    tasks.register();
    CompletableFuture<Integer> stage =
        CompletableFuture.supplyAsync(() -> stageWork(tracer, scopes, root, request, 0), pool);
    for (int i = 1; i < CHAIN_STAGES; i++) {
      stage = stage.thenApplyAsync(n -> stageWork(tracer, scopes, root, request, n), pool);
    }
    // A stage pinned where it was declared, completed from whichever thread finishes first.
    stage
        .thenCombine(
            CompletableFuture.supplyAsync(() -> 0, pool),
            TracingTasks.biFunction(
                scopes, (n, zero) -> stageWork(tracer, scopes, root, request, n + zero)))
        .whenComplete(
            (n, e) -> {
              if (e != null) problems.add("chain failed: " + e);
              else if (n != CHAIN_STAGES + 1) problems.add("chain ran " + n + " stages");
              tasks.arriveAndDeregister();
            });
  }

  private int stageWork(MockTracer tracer, ScopeManager scopes, Span root, String request, int n) {
    expectActive(scopes, root, "chain stage " + n);
    Span span = tracer.buildSpan("stage").withTag("request", request).start();
    try (Scope scope = scopes.activate(span)) {
      return n + 1;
    } finally {
      span.finish();
    }
  }

  private void expectActive(ScopeManager scopes, Span expected, String where) {
    Span active = scopes.activeSpan();
    if (active != expected) problems.add(where + " saw " + active + " instead of " + expected);
  }

  /** A pool that checks, after every task, that the task left its thread with no active span. */
  private ExecutorService leakCheckingPool(ScopeManager scopes, int threads) {
    return new ThreadPoolExecutor(
        threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>()) {
      @Override
      protected void afterExecute(Runnable task, Throwable thrown) {
        Span left = scopes.activeSpan();
        if (left != null) problems.add("a pool thread kept " + left + " after a task");
      }
    };
  }

  @Test
  @Timeout(30)
  void autoFinish_concurrentContinuations_finishEachRootOnceAfterItsChildren() throws Exception {
    AutoFinishScopeManager scopes = new AutoFinishScopeManager();
    MockTracer tracer = new MockTracer(scopes);
    ExecutorService raw = leakCheckingPool(scopes, 4);
    ExecutorService pool = TracingExecutors.wrap(scopes, raw);
    ExecutorService requestThreads = Executors.newFixedThreadPool(4);
    int requests = 200;
    Phaser tasks = new Phaser(1);
    try {
      for (int r = 0; r < requests; r++) {
        tasks.register();
        requestThreads.execute(
            () -> {
              try (Scope scope = scopes.activate(tracer.buildSpan("root").start())) {
                Span root = scopes.activeSpan();
                for (int i = 0; i < 3; i++) {
                  tasks.register();
                  pool.execute(
                      () -> {
                        expectActive(scopes, root, "continuation");
                        // A child activated here finishes itself when its scope closes.
                        scopes.activate(tracer.buildSpan("child").start()).close();
                        tasks.arriveAndDeregister();
                      });
                }
              } finally {
                tasks.arriveAndDeregister();
              }
            });
      }
      tasks.awaitAdvanceInterruptibly(tasks.arrive(), 20, TimeUnit.SECONDS);
      // The last continuation may still be closing after it arrived.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (tracer.finishedSpans().size() < requests * 4 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
    } finally {
      requestThreads.shutdownNow();
      raw.shutdownNow();
    }

    assertTrue(problems.isEmpty(), () -> problems.size() + " problems, e.g. " + problems.peek());
    List<MockSpan> finished = tracer.finishedSpans();
    assertEquals(requests * 4, finished.size());
    Map<Long, Integer> finishPosition = new HashMap<>();
    for (int i = 0; i < finished.size(); i++) {
      finishPosition.put(finished.get(i).context().spanId(), i);
    }
    for (int i = 0; i < finished.size(); i++) {
      MockSpan span = finished.get(i);
      if (span.parentId() == 0) continue;
      Integer parentPosition = finishPosition.get(span.parentId());
      assertTrue(parentPosition != null && parentPosition > i, "a root finished before " + span);
    }
    assertEquals(0, scopes.misuseCount());
  }
}
