/**
 * Tracing for Jakarta REST 3.x ({@code jakarta.ws.rs}): {@link
 * com.jstverify.tracing.jaxrs.TracingFeature} for server applications and {@link
 * com.jstverify.tracing.jaxrs.TracingClientFeature} for clients. Works with any OpenTracing
 * tracer; relay mode ({@code X-JstVerify-Spans}) needs the JstVerify tracer. On Jersey, an
 * event listener, a writer interceptor and client interceptors cover what portable filters cannot
 * see (scopes of async resources, unmapped exceptions, entities that fail to serialize, the
 * caller of an async client call, failed client calls).
 */
package com.jstverify.tracing.jaxrs;
