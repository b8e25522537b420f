/**
 * Lambda handler wrappers, the Python SDK's Lambda and AppSync middleware: {@link
 * com.jstverify.tracing.serverless.ApiGatewayTracing} (REST v1 and HTTP API v2 proxy events) and
 * {@link com.jstverify.tracing.serverless.AppSyncTracing} (direct Lambda resolvers). They take
 * events as plain {@code Map<String, Object>}, so the core needs no AWS library, and they flush
 * at the end of every invocation: the process may be frozen as soon as the handler returns.
 */
package com.jstverify.tracing.serverless;
