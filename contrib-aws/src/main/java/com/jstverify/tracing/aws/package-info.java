/**
 * AWS SDK for Java v2 tracing for any OpenTracing tracer: {@link
 * com.jstverify.tracing.aws.TracingExecutionInterceptor}, a client span per SDK call, with the
 * table name for DynamoDB.
 */
package com.jstverify.tracing.aws;
