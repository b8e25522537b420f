package com.jstverify.tracing.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentracing.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes opened only for their side effect
class AutoFinishScopeManagerTest extends ScopeManagerContract<AutoFinishScopeManager> {
  @Override
  AutoFinishScopeManager newScopeManager() {
    return new AutoFinishScopeManager();
  }

  @Override
  long misuseCount(AutoFinishScopeManager scopeManager) {
    return scopeManager.misuseCount();
  }

  final FakeSpan span = new FakeSpan("auto");

  @Test
  void close_onlyReference_finishesSpan() {
    try (AutoFinishScope scope = scopeManager.activate(span)) {
      assertSame(scope, scopeManager.active());
      assertSame(span, scope.span());
      assertEquals(0, span.finishCount());
    }
    assertEquals(1, span.finishCount());
  }

  @Test
  void continuation_keepsSpanOpenUntilItCloses() throws Exception {
    AutoFinishScope.Continuation continuation;
    try (AutoFinishScope scope = scopeManager.activate(span)) {
      continuation = scopeManager.capture();
    }
    assertEquals(0, span.finishCount(), "the continuation still holds the span");

    OnThread.run(
        () -> {
          try (AutoFinishScope resumed = continuation.activate()) {
            assertSame(span, scopeManager.activeSpan());
          }
        });
    assertEquals(1, span.finishCount(), "finished on the thread that closed last");
  }

  @Test
  void continuations_finishSpanOnceWhenAllHaveClosed() throws Exception {
    AutoFinishScope scope = scopeManager.activate(span);
    AutoFinishScope.Continuation first = scope.capture();
    AutoFinishScope.Continuation second = scope.capture();
    scope.close();

    OnThread.run(() -> first.activate().close());
    assertEquals(0, span.finishCount());
    OnThread.run(() -> second.activate().close());
    assertEquals(1, span.finishCount());
  }

  @Test
  void continuation_activatedTwice_holdsOnlyOneReference() {
    AutoFinishScope.Continuation continuation;
    try (AutoFinishScope scope = scopeManager.activate(span)) {
      continuation = scope.capture();
    }
    continuation.activate().close();
    assertEquals(1, span.finishCount());
    try (AutoFinishScope again = continuation.activate()) {
      assertSame(span, scopeManager.activeSpan()); // a periodic task: active, but holds nothing
    }
    assertEquals(1, span.finishCount());
  }

  @Test
  void discard_releasesTheReference() {
    AutoFinishScope.Continuation continuation;
    try (AutoFinishScope scope = scopeManager.activate(span)) {
      continuation = scope.capture();
    }
    continuation.discard();
    continuation.discard();
    assertEquals(1, span.finishCount());
  }

  @Test
  void close_twice_releasesOnce() {
    AutoFinishScope.Continuation continuation;
    AutoFinishScope scope = scopeManager.activate(span);
    continuation = scope.capture();
    scope.close();
    scope.close();
    assertEquals(0, span.finishCount());
    continuation.activate().close();
    assertEquals(1, span.finishCount());
  }

  @Test
  void close_outOfOrder_stillReleasesItsReference() {
    FakeSpan other = new FakeSpan("other");
    AutoFinishScope first = scopeManager.activate(span);
    AutoFinishScope second = scopeManager.activate(other);
    first.close();
    assertEquals(1, span.finishCount());
    assertSame(other, scopeManager.activeSpan());
    second.close();
    assertNull(scopeManager.activeSpan());
    assertEquals(1, other.finishCount());
  }

  @Test
  void close_onAnotherThread_releasesNothing() throws Exception {
    AutoFinishScope scope = scopeManager.activate(span);
    OnThread.run(scope::close);
    assertEquals(0, span.finishCount());
    scope.close();
    assertEquals(1, span.finishCount());
  }

  @Test
  void capture_withNothingActive_activatesNoSpan() {
    AutoFinishScope.Continuation continuation = scopeManager.capture();
    try (Scope restored = continuation.activate()) {
      assertNull(scopeManager.activeSpan());
    }
    continuation.discard();
  }

  @Test
  void rejectedTask_givesItsReferenceBack() {
    ExecutorService closed = Executors.newSingleThreadExecutor();
    closed.shutdown();
    ExecutorService pool = TracingExecutors.wrap(scopeManager, closed);
    try (AutoFinishScope scope = scopeManager.activate(span)) {
      assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> {}));
    }
    assertEquals(1, span.finishCount());
  }

  @Test
  void taskCancelledBeforeItRuns_givesItsReferenceBack() throws Exception {
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch busy = new CountDownLatch(1);
      worker.execute(() -> awaitQuietly(busy)); // keeps the traced task queued
      ExecutorService pool = TracingExecutors.wrap(scopeManager, worker);
      AtomicBoolean ran = new AtomicBoolean();
      Future<?> queued;
      try (AutoFinishScope scope = scopeManager.activate(span)) {
        queued = pool.submit(() -> ran.set(true));
      }
      assertEquals(0, span.finishCount(), "the queued task holds the span");

      assertTrue(queued.cancel(false));
      assertEquals(1, span.finishCount(), "the cancelled task gave its reference back");
      busy.countDown();
      worker.submit(() -> {}).get(5, TimeUnit.SECONDS);
      assertFalse(ran.get());
      assertTrue(queued.isCancelled());
      assertEquals(1, span.finishCount());
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void taskThatRan_thenCancelled_finishesItsSpanOnce() throws Exception {
    ExecutorService pool = TracingExecutors.wrap(scopeManager, Executors.newSingleThreadExecutor());
    try {
      Future<String> done;
      try (AutoFinishScope scope = scopeManager.activate(span)) {
        done = pool.submit(() -> "done");
      }
      assertEquals("done", done.get(5, TimeUnit.SECONDS));
      assertFalse(done.cancel(true));
      assertEquals(1, span.finishCount());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shutdownNow_givesBackTheReferencesOfTheTasksItReturns() throws Exception {
    ExecutorService pool = TracingExecutors.wrap(scopeManager, Executors.newSingleThreadExecutor());
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(1);
    pool.execute(
        () -> {
          started.countDown();
          awaitQuietly(busy); // keeps the traced task queued
        });
    try (AutoFinishScope scope = scopeManager.activate(span)) {
      pool.execute(() -> {});
    }
    assertTrue(started.await(5, TimeUnit.SECONDS));
    assertEquals(0, span.finishCount(), "the queued task holds the span");

    assertEquals(1, pool.shutdownNow().size());
    assertEquals(1, span.finishCount(), "the task that will never run gave its reference back");
    assertTrue(pool.awaitTermination(5, TimeUnit.SECONDS));
  }

  @Test
  void scheduledTasksCancelledBeforeTheirFirstRun_giveTheirReferencesBack() {
    ScheduledExecutorService pool =
        TracingExecutors.wrap(scopeManager, Executors.newSingleThreadScheduledExecutor());
    try {
      ScheduledFuture<?> later;
      ScheduledFuture<?> periodic;
      try (AutoFinishScope scope = scopeManager.activate(span)) {
        later = pool.schedule(() -> {}, 1, TimeUnit.HOURS);
        periodic = pool.scheduleAtFixedRate(() -> {}, 1, 1, TimeUnit.HOURS);
      }
      assertTrue(later.getDelay(TimeUnit.MINUTES) > 50);
      assertTrue(later.compareTo(periodic) <= 0, "ordered as the executor's own futures are");
      later.cancel(false);
      assertEquals(0, span.finishCount(), "the periodic task still holds the span");
      periodic.cancel(false);
      assertEquals(1, span.finishCount());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void invokeAny_givesBackTheReferencesOfTasksItNeverRan() throws Exception {
    ExecutorService pool = TracingExecutors.wrap(scopeManager, Executors.newSingleThreadExecutor());
    try {
      List<Callable<String>> tasks = new ArrayList<>();
      for (int i = 0; i < 5; i++) tasks.add(() -> "first");
      try (AutoFinishScope scope = scopeManager.activate(span)) {
        assertEquals("first", pool.invokeAny(tasks));
      }
      pool.submit(() -> {}).get(5, TimeUnit.SECONDS); // whatever was queued has left the queue
      assertEquals(1, span.finishCount());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void invokeAllTimingOut_givesBackTheReferencesOfCancelledTasks() throws Exception {
    ExecutorService pool = TracingExecutors.wrap(scopeManager, Executors.newSingleThreadExecutor());
    try {
      CountDownLatch stuck = new CountDownLatch(1);
      List<Callable<Boolean>> tasks =
          List.of(() -> stuck.await(5, TimeUnit.SECONDS), () -> true, () -> true);
      List<Future<Boolean>> futures;
      try (AutoFinishScope scope = scopeManager.activate(span)) {
        futures = pool.invokeAll(tasks, 50, TimeUnit.MILLISECONDS);
      }
      assertTrue(futures.stream().allMatch(Future::isCancelled), futures.toString());
      stuck.countDown();
      pool.submit(() -> {}).get(5, TimeUnit.SECONDS); // the first task has ended
      assertEquals(1, span.finishCount());
    } finally {
      pool.shutdownNow();
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
