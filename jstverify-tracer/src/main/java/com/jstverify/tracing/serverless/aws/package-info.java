/**
 * Typed Lambda wrappers for {@code aws-lambda-java-core} and {@code aws-lambda-java-events}:
 * {@link com.jstverify.tracing.serverless.aws.TracingApiGatewayHandler} (REST API v1) and {@link
 * com.jstverify.tracing.serverless.aws.TracingHttpApiHandler} (HTTP API v2). Those libraries are
 * optional dependencies of the tracer: this package, and only this package, needs them on the
 * class path. The behaviour is that of {@link com.jstverify.tracing.serverless.ApiGatewayTracing}.
 */
package com.jstverify.tracing.serverless.aws;
