/**
 * Testing with the real tracer, the way people test with {@code MockTracer}: {@link
 * com.jstverify.tracing.testing.TestTracer} and the JUnit 5 {@link
 * com.jstverify.tracing.testing.TestTracerExtension}.
 */
package com.jstverify.tracing.testing;
