package com.jstverify.tracing.scope;

import io.opentracing.ScopeManager;

/** The scope managers the wrapper tests run against: ours, and one that is not. */
enum ScopeManagerKind {
  THREAD_LOCAL {
    @Override
    ScopeManager create() {
      return new ThreadLocalScopeManager();
    }
  },
  CONTEXT {
    @Override
    ScopeManager create() {
      return new ContextScopeManager();
    }
  },
  AUTO_FINISH {
    @Override
    ScopeManager create() {
      return new AutoFinishScopeManager();
    }

    @Override
    boolean finishesSpans() {
      return true;
    }
  },
  /** opentracing-util's manager: the wrappers can only carry its active span. */
  FOREIGN {
    @Override
    ScopeManager create() {
      return new io.opentracing.util.ThreadLocalScopeManager();
    }
  };

  abstract ScopeManager create();

  /** Whether closing the activating scope finishes the span (so tests must not). */
  boolean finishesSpans() {
    return false;
  }
}
