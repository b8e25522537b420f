/**
 * OpenTracing scope managers that work with any tracer's spans, and the wrappers that carry the
 * active span across threads.
 *
 * <ul>
 *   <li>{@link com.jstverify.tracing.scope.ThreadLocalScopeManager}: a thread-local stack of
 *       scopes, the JstVerify tracer's default;
 *   <li>{@link com.jstverify.tracing.scope.ContextScopeManager}: an immutable context captured
 *       and restored explicitly, like Python's {@code contextvars};
 *   <li>{@link com.jstverify.tracing.scope.AutoFinishScopeManager}: a span finishes when its last
 *       continuation closes, for callback-style code;
 *   <li>{@link com.jstverify.tracing.scope.CapturedContext}, {@link
 *       com.jstverify.tracing.scope.TracingExecutors}, {@link
 *       com.jstverify.tracing.scope.TracingTasks} and {@link
 *       com.jstverify.tracing.scope.TracingCompletableFutures}: capture on submit, restore on
 *       run.
 * </ul>
 *
 * <p>All three managers share one set of rules for misuse (see {@code ScopeStack}): a scope
 * closed twice, out of order or on another thread never corrupts any thread's stack; it is
 * counted and logged at FINE. A restored context always hands its thread back as it found it.
 */
package com.jstverify.tracing.scope;
