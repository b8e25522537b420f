/**
 * How trace context crosses process boundaries: the {@link
 * com.jstverify.tracing.propagation.Propagator} SPI and its implementations for the JstVerify
 * browser SDK's {@code X-JstVerify-*} headers ({@link
 * com.jstverify.tracing.propagation.JstVerifyHeaders}), W3C Trace Context ({@link
 * com.jstverify.tracing.propagation.W3CTraceContext}) and W3C Baggage ({@link
 * com.jstverify.tracing.propagation.W3CBaggage}), combined by {@link
 * com.jstverify.tracing.propagation.CompositePropagator} with the precedence rules of the wire
 * contract. Headers come from strangers: every extractor validates strictly, allocates little,
 * and answers malformed input with {@code null} and a FINE log line, never an exception.
 */
package com.jstverify.tracing.propagation;
