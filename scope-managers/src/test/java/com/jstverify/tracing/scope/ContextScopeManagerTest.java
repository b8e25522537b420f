package com.jstverify.tracing.scope;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.opentracing.Scope;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try") // scopes opened only for their side effect
class ContextScopeManagerTest extends ScopeManagerContract<ContextScopeManager> {
  @Override
  ContextScopeManager newScopeManager() {
    return new ContextScopeManager();
  }

  @Override
  long misuseCount(ContextScopeManager scopeManager) {
    return scopeManager.misuseCount();
  }

  @Test
  void capture_withoutActivation_givesTheSameContext() {
    // Capturing is just reading the current immutable context: nothing to allocate or copy.
    try (Scope scope = scopeManager.activate(a)) {
      assertSame(scopeManager.capture(), scopeManager.capture());
      CapturedContext outer = scopeManager.capture();
      try (Scope inner = scopeManager.activate(b)) {
        assertNotSame(outer, scopeManager.capture());
      }
      assertSame(outer, scopeManager.capture());
    }
  }

  @Test
  void restore_makesTheCapturedContextCurrentItself() {
    CapturedContext context;
    try (Scope scope = scopeManager.activate(a)) {
      context = scopeManager.capture();
    }
    try (Scope restored = context.restore()) {
      assertSame(context, scopeManager.capture());
    }
  }
}
