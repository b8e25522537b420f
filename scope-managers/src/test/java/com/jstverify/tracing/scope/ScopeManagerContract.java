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
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every scope manager of this package promises, run against each of them by a subclass:
 * the stack discipline, per-thread isolation, capture and restore across threads, and misuse that
 * is counted and logged but never corrupts a stack.
 */
@SuppressWarnings("try") // scopes opened only for their side effect
abstract class ScopeManagerContract<M extends ScopeManager> {
  M scopeManager;

  abstract M newScopeManager();

  abstract long misuseCount(M scopeManager);

  final Span a = new FakeSpan("a");
  final Span b = new FakeSpan("b");
  final Span c = new FakeSpan("c");

  @BeforeEach
  void createScopeManager() {
    scopeManager = newScopeManager();
  }

  @AfterEach
  void testThreadIsLeftClean() {
    assertNull(scopeManager.activeSpan(), "a test left a span active");
  }

  long misuseCount() {
    return misuseCount(scopeManager);
  }

  @Test
  void activeSpan_withNothingActivated_isNull() {
    assertNull(scopeManager.activeSpan());
  }

  @Test
  void activate_makesSpanActiveUntilClosed() {
    try (Scope scope = scopeManager.activate(a)) {
      assertSame(a, scopeManager.activeSpan());
    }
    assertNull(scopeManager.activeSpan());
    assertEquals(0, misuseCount());
  }

  @Test
  void close_nested_restoresEachPreviousSpan() {
    try (Scope outer = scopeManager.activate(a)) {
      try (Scope middle = scopeManager.activate(b)) {
        try (Scope inner = scopeManager.activate(c)) {
          assertSame(c, scopeManager.activeSpan());
        }
        assertSame(b, scopeManager.activeSpan());
      }
      assertSame(a, scopeManager.activeSpan());
    }
    assertEquals(0, misuseCount());
  }

  @Test
  void activate_sameSpanTwice_staysActiveUntilOuterCloses() {
    try (Scope outer = scopeManager.activate(a)) {
      try (Scope inner = scopeManager.activate(a)) {
        assertSame(a, scopeManager.activeSpan());
      }
      assertSame(a, scopeManager.activeSpan());
    }
  }

  /**
   * {@code tracer.activateSpan(tracer.activeSpan())} with nothing active: as with
   * opentracing-util's manager, no span is active until the scope closes, and neither closing it
   * nor a capture made under it throws.
   */
  @Test
  void activate_null_hidesTheActiveSpanUntilClosed_andNeverThrows() throws Exception {
    try (Scope outer = scopeManager.activate(a)) {
      CapturedContext context;
      try (Scope none = scopeManager.activate(null)) {
        assertNull(scopeManager.activeSpan());
        context = CapturedContext.capture(scopeManager);
      }
      assertSame(a, scopeManager.activeSpan());
      Span seen =
          OnThread.call(
              () -> {
                try (Scope restored = context.restore()) {
                  return scopeManager.activeSpan();
                }
              });
      assertNull(seen);
    }
    assertEquals(0, misuseCount());
  }

  @Test
  void close_twice_isIgnoredAndCounted() {
    Scope outer = scopeManager.activate(a);
    Scope inner = scopeManager.activate(b);
    inner.close();
    inner.close();
    assertSame(a, scopeManager.activeSpan());

    Scope later = scopeManager.activate(c);
    inner.close(); // a stale handle must not pop someone else's scope
    assertSame(c, scopeManager.activeSpan());

    later.close();
    outer.close();
    assertEquals(2, misuseCount());
  }

  @Test
  void close_outOfOrder_keepsStackIntact() {
    Scope first = scopeManager.activate(a);
    Scope second = scopeManager.activate(b);
    Scope third = scopeManager.activate(c);

    second.close();
    assertSame(c, scopeManager.activeSpan(), "the innermost scope stays active");
    assertEquals(1, misuseCount());

    third.close();
    assertSame(a, scopeManager.activeSpan(), "the scope closed early is skipped");
    first.close();
    assertNull(scopeManager.activeSpan());
    assertEquals(1, misuseCount());
  }

  @Test
  void close_onAnotherThread_leavesBothThreadsIntact() throws Exception {
    Scope scope = scopeManager.activate(a);

    Span seenThere =
        OnThread.call(
            () -> {
              scope.close();
              return scopeManager.activeSpan();
            });

    assertNull(seenThere);
    assertSame(a, scopeManager.activeSpan(), "the owner's stack is untouched");
    assertEquals(1, misuseCount());

    scope.close(); // the owner may still close it, once
    assertNull(scopeManager.activeSpan());
    assertEquals(1, misuseCount());
  }

  @Test
  void activeSpan_isPerThread() throws Exception {
    try (Scope scope = scopeManager.activate(a)) {
      Span[] seen =
          OnThread.call(
              () -> {
                Span before = scopeManager.activeSpan();
                try (Scope there = scopeManager.activate(b)) {
                  return new Span[] {before, scopeManager.activeSpan()};
                }
              });
      assertNull(seen[0]);
      assertSame(b, seen[1]);
      assertSame(a, scopeManager.activeSpan());
    }
  }

  @Test
  void capture_restoredOnAnotherThread_activatesCapturedSpan() throws Exception {
    CapturedContext context;
    try (Scope scope = scopeManager.activate(a)) {
      context = CapturedContext.capture(scopeManager);
    }
    assertSame(a, context.activeSpan());

    Span[] seen =
        OnThread.call(
            () -> {
              Span during;
              try (Scope restored = context.restore()) {
                during = scopeManager.activeSpan();
              }
              return new Span[] {during, scopeManager.activeSpan()};
            });
    assertSame(a, seen[0]);
    assertNull(seen[1]);
  }

  @Test
  void capture_isNotChangedByLaterActivations() throws Exception {
    try (Scope outer = scopeManager.activate(a)) {
      CapturedContext context = CapturedContext.capture(scopeManager);
      try (Scope inner = scopeManager.activate(b)) {
        Span seen =
            OnThread.call(
                () -> {
                  try (Scope restored = context.restore()) {
                    return scopeManager.activeSpan();
                  }
                });
        assertSame(a, seen);
      }
    }
  }

  @Test
  void restore_thenClose_bringsBackWhatTheThreadHad() throws Exception {
    CapturedContext context;
    try (Scope scope = scopeManager.activate(a)) {
      context = CapturedContext.capture(scopeManager);
    }
    try (Scope mine = scopeManager.activate(b)) {
      try (Scope restored = context.restore()) {
        assertSame(a, scopeManager.activeSpan());
      }
      assertSame(b, scopeManager.activeSpan());
    }
  }

  @Test
  void restore_withNothingCaptured_hidesTheThreadsSpan() {
    CapturedContext empty = CapturedContext.capture(scopeManager);
    assertNull(empty.activeSpan());
    try (Scope mine = scopeManager.activate(b)) {
      try (Scope restored = empty.restore()) {
        assertNull(scopeManager.activeSpan(), "a task must not see its worker's leftovers");
      }
      assertSame(b, scopeManager.activeSpan());
    }
  }

  @Test
  void restore_whenTaskLeavesScopesOpen_closesThemAndCounts() throws Exception {
    CapturedContext context;
    try (Scope scope = scopeManager.activate(a)) {
      context = CapturedContext.capture(scopeManager);
    }
    Span after =
        OnThread.call(
            () -> {
              Scope restored = context.restore();
              scopeManager.activate(b); // a buggy task: never closed
              scopeManager.activate(c);
              restored.close();
              return scopeManager.activeSpan();
            });
    assertNull(after, "the worker thread comes back clean");
    assertEquals(1, misuseCount());
  }

  @Test
  void restore_whenTaskThrows_restoresPreviousContext() {
    Runnable task;
    try (Scope scope = scopeManager.activate(a)) {
      task =
          TracingTasks.runnable(
              scopeManager,
              () -> {
                assertSame(a, scopeManager.activeSpan());
                try (Scope inner = scopeManager.activate(c)) {
                  throw new IllegalStateException("boom");
                }
              });
    }
    try (Scope mine = scopeManager.activate(b)) {
      assertThrows(IllegalStateException.class, task::run);
      assertSame(b, scopeManager.activeSpan());
    }
    assertEquals(0, misuseCount());
  }

  @Test
  void capture_sameContext_restoredOnManyThreadsAtOnce() throws Exception {
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Scope scope = scopeManager.activate(a)) {
      CapturedContext context = CapturedContext.capture(scopeManager);
      CountDownLatch allInside = new CountDownLatch(threads);
      List<Future<Span>> seen = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        seen.add(
            pool.submit(
                () -> {
                  try (Scope restored = context.restore()) {
                    allInside.countDown();
                    assertTrue(allInside.await(5, TimeUnit.SECONDS));
                    return scopeManager.activeSpan();
                  }
                }));
      }
      for (Future<Span> span : seen) assertSame(a, span.get(5, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void misuse_isLoggedAtFine() {
    Logger logger = Logger.getLogger(scopeManager.getClass().getName());
    List<LogRecord> records = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Level level = logger.getLevel();
    logger.setLevel(Level.FINE);
    logger.addHandler(handler);
    try {
      Scope scope = scopeManager.activate(a);
      scope.close();
      scope.close();
    } finally {
      logger.removeHandler(handler);
      logger.setLevel(level);
    }
    assertEquals(1, records.size());
    assertEquals(Level.FINE, records.get(0).getLevel());
    assertTrue(records.get(0).getMessage().contains("closed twice"), records.get(0).getMessage());
  }
}
