/**
 * OpenTracing scope managers that work with any tracer: {@link
 * com.jstverify.tracing.scope.ThreadLocalScopeManager}, the JstVerify tracer's default.
 */
package com.jstverify.tracing.scope;
