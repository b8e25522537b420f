/**
 * Client spans for outgoing HTTP calls: {@link com.jstverify.tracing.http.TracingCallFactory}
 * and {@link com.jstverify.tracing.http.TracingInterceptor} for OkHttp, {@link
 * com.jstverify.tracing.http.TracingHttpClient} for {@code java.net.http.HttpClient}. Java has
 * no monkey-patching: the application wraps the clients it wants traced. The tracer's own
 * ingestion client is never handed out, so it can never be wrapped (no feedback loop).
 */
package com.jstverify.tracing.http;
