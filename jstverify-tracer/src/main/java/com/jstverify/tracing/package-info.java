/**
 * The JstVerify OpenTracing tracer: {@link com.jstverify.tracing.JstVerifyTracer} and its
 * builder, the static facade {@link com.jstverify.tracing.JstVerifyTracing}, spans, contexts and
 * metrics.
 */
package com.jstverify.tracing;
