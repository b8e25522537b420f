package com.jstverify.tracing.scope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentracing.Scope;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
}
