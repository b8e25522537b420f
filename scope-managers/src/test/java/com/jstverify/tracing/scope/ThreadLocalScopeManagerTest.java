package com.jstverify.tracing.scope;

class ThreadLocalScopeManagerTest extends ScopeManagerContract<ThreadLocalScopeManager> {
  @Override
  ThreadLocalScopeManager newScopeManager() {
    return new ThreadLocalScopeManager();
  }

  @Override
  long misuseCount(ThreadLocalScopeManager scopeManager) {
    return scopeManager.misuseCount();
  }
}
