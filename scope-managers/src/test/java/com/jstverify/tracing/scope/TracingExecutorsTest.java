package com.jstverify.tracing.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@SuppressWarnings("try") // scopes opened only for their side effect
class TracingExecutorsTest {
  // One worker: what a task leaves behind is what the next task (the probe) sees.
  private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor();
  private final Span span = new FakeSpan("submitter");

  @AfterEach
  void stopWorker() {
    worker.shutdownNow();
  }

  /** What the worker thread has active, read by an unwrapped task. */
  private Span onWorker(ScopeManager scopeManager) throws Exception {
    return worker.submit(scopeManager::activeSpan).get(5, TimeUnit.SECONDS);
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void execute_runsWithSubmittersSpan_thenWorkerIsClean(ScopeManagerKind kind) throws Exception {
    ScopeManager scopeManager = kind.create();
    Executor executor = TracingExecutors.wrap(scopeManager, (Executor) worker);
    List<Span> seen = new CopyOnWriteArrayList<>();
    CountDownLatch ran = new CountDownLatch(1);
    try (Scope scope = scopeManager.activate(span)) {
      executor.execute(
          () -> {
            seen.add(scopeManager.activeSpan());
            ran.countDown();
          });
    }
    assertTrue(ran.await(5, TimeUnit.SECONDS));
    assertSame(span, seen.get(0));
    assertNull(onWorker(scopeManager));
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void submit_allThreeForms_runWithSubmittersSpan(ScopeManagerKind kind) throws Exception {
    ScopeManager scopeManager = kind.create();
    ExecutorService executor = TracingExecutors.wrap(scopeManager, (ExecutorService) worker);
    List<Span> seen = new CopyOnWriteArrayList<>();
    Future<?> runnable;
    Future<String> runnableWithResult;
    Future<Span> callable;
    try (Scope scope = scopeManager.activate(span)) {
      runnable = executor.submit(() -> seen.add(scopeManager.activeSpan()));
      runnableWithResult = executor.submit(() -> seen.add(scopeManager.activeSpan()), "done");
      callable = executor.submit(scopeManager::activeSpan);
    }
    runnable.get(5, TimeUnit.SECONDS);
    assertEquals("done", runnableWithResult.get(5, TimeUnit.SECONDS));
    assertSame(span, callable.get(5, TimeUnit.SECONDS));
    assertEquals(Arrays.asList(span, span), seen);
    assertNull(onWorker(scopeManager));
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void invokeAllAndInvokeAny_everyTaskSeesSubmittersSpan(ScopeManagerKind kind) throws Exception {
    ScopeManager scopeManager = kind.create();
    ExecutorService executor = TracingExecutors.wrap(scopeManager, Executors.newFixedThreadPool(2));
    try (Scope scope = scopeManager.activate(span)) {
      List<Callable<Span>> tasks = new ArrayList<>();
      for (int i = 0; i < 4; i++) tasks.add(scopeManager::activeSpan);
      for (Future<Span> result : executor.invokeAll(tasks)) assertSame(span, result.get());
      assertSame(span, executor.invokeAny(tasks));
    } finally {
      executor.shutdown();
      assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
    }
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void execute_taskThrows_workerIsCleanAfter(ScopeManagerKind kind) throws Exception {
    ScopeManager scopeManager = kind.create();
    ExecutorService executor = TracingExecutors.wrap(scopeManager, (ExecutorService) worker);
    Future<?> failed;
    try (Scope scope = scopeManager.activate(span)) {
      failed =
          executor.submit(
              () -> {
                throw new IllegalStateException("task failed");
              });
    }
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> failed.get(5, TimeUnit.SECONDS));
    assertTrue(e.getCause() instanceof IllegalStateException);
    assertNull(onWorker(scopeManager));
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void schedule_runnableAndCallable_runWithSubmittersSpan(ScopeManagerKind kind) throws Exception {
    ScopeManager scopeManager = kind.create();
    ScheduledExecutorService executor = TracingExecutors.wrap(scopeManager, worker);
    List<Span> seen = new CopyOnWriteArrayList<>();
    ScheduledFuture<?> runnable;
    ScheduledFuture<Span> callable;
    try (Scope scope = scopeManager.activate(span)) {
      runnable = executor.schedule(() -> seen.add(scopeManager.activeSpan()), 10, TimeUnit.MILLISECONDS);
      callable = executor.schedule(scopeManager::activeSpan, 10, TimeUnit.MILLISECONDS);
    }
    runnable.get(5, TimeUnit.SECONDS);
    assertSame(span, callable.get(5, TimeUnit.SECONDS));
    assertSame(span, seen.get(0));
    assertNull(onWorker(scopeManager));
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void scheduleAtFixedRateAndWithFixedDelay_everyRunSeesSubmittersSpan(ScopeManagerKind kind)
      throws Exception {
    ScopeManager scopeManager = kind.create();
    ScheduledExecutorService executor = TracingExecutors.wrap(scopeManager, worker);
    List<Span> seen = new CopyOnWriteArrayList<>();
    CountDownLatch sixRuns = new CountDownLatch(6);
    Runnable record =
        () -> {
          seen.add(scopeManager.activeSpan());
          sixRuns.countDown();
        };
    ScheduledFuture<?> rate;
    ScheduledFuture<?> delay;
    try (Scope scope = scopeManager.activate(span)) {
      rate = executor.scheduleAtFixedRate(record, 0, 5, TimeUnit.MILLISECONDS);
      delay = executor.scheduleWithFixedDelay(record, 0, 5, TimeUnit.MILLISECONDS);
    }
    assertTrue(sixRuns.await(5, TimeUnit.SECONDS));
    rate.cancel(false);
    delay.cancel(false);
    for (Span s : seen) assertSame(span, s);
    assertNull(onWorker(scopeManager));
  }

  @ParameterizedTest
  @EnumSource(ScopeManagerKind.class)
  void shutdownNow_returnsTheQueuedTasksAsTheCallerExecutedThem(ScopeManagerKind kind)
      throws Exception {
    ScopeManager scopeManager = kind.create();
    ExecutorService delegate = Executors.newSingleThreadExecutor();
    ExecutorService executor = TracingExecutors.wrap(scopeManager, delegate);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    executor.execute(
        () -> {
          started.countDown();
          awaitQuietly(busy); // keeps the next tasks queued
        });
    Runnable first = () -> {};
    Runnable second = () -> {};
    try (Scope scope = scopeManager.activate(span)) {
      executor.execute(first);
      executor.execute(second);
    } finally {
      if (!kind.finishesSpans()) span.finish();
    }
    assertTrue(started.await(5, TimeUnit.SECONDS));

    assertEquals(Arrays.asList(first, second), executor.shutdownNow());
    assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void wrap_lifecycleMethods_reachTheDelegate() throws Exception {
    ExecutorService delegate = Executors.newSingleThreadExecutor();
    ExecutorService executor = TracingExecutors.wrap(new ContextScopeManager(), delegate);
    executor.shutdown();
    assertTrue(delegate.isShutdown());
    assertTrue(executor.isShutdown());
    assertTrue(executor.awaitTermination(5, TimeUnit.SECONDS));
    assertTrue(executor.isTerminated());
  }

  @Test
  void wrap_nullArguments_sayWhichOne() {
    NullPointerException scopeManager =
        assertThrows(NullPointerException.class, () -> TracingExecutors.wrap(null, (Executor) worker));
    assertEquals("scopeManager == null", scopeManager.getMessage());
    NullPointerException delegate =
        assertThrows(
            NullPointerException.class,
            () -> TracingExecutors.wrap(new ContextScopeManager(), (ExecutorService) null));
    assertEquals("delegate == null", delegate.getMessage());
  }
}
