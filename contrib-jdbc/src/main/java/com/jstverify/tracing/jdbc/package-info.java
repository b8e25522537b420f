/**
 * JDBC tracing for any OpenTracing tracer: {@link com.jstverify.tracing.jdbc.JdbcTracing}, {@link
 * com.jstverify.tracing.jdbc.TracingDataSource} and the {@code jdbc:jstverify:} {@link
 * com.jstverify.tracing.jdbc.TracingDriver}.
 */
package com.jstverify.tracing.jdbc;
