package com.jstverify.tracing.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Tracer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The interceptor inside a real SDK client whose HTTP client answers every call with one item. */
class TracingExecutionInterceptorTest {
  static final IllegalStateException TRACER_BROKEN = new IllegalStateException("tracer broken");

  @Test
  void aTracerThatThrows_neverBreaksTheCall() {
    Tracer broken =
        (Tracer)
            Proxy.newProxyInstance(
                Tracer.class.getClassLoader(),
                new Class<?>[] {Tracer.class},
                (proxy, method, args) -> {
                  throw TRACER_BROKEN;
                });

    try (DynamoDbClient dynamo = client(new TracingExecutionInterceptor(broken))) {
      assertEquals("book", getItem(dynamo));
    }
  }

  @Test
  void defaultConstructor_usesGlobalTracer_whichIsANoopUntilRegistered() {
    try (DynamoDbClient dynamo = client(new TracingExecutionInterceptor())) {
      assertEquals("book", getItem(dynamo));
    }
  }

  @Test
  void nullTracer_failsAtOnceWithItsName() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> new TracingExecutionInterceptor(null));
    assertEquals("tracer == null", e.getMessage());
  }

  @Test
  void anotherInterceptorFailingAfterExecution_finishesTheSpanOnce_asAnError() {
    TestTracer tracer = TestTracer.create();
    IllegalStateException later = new IllegalStateException("later interceptor failed");
    ExecutionInterceptor failsAfterUs =
        new ExecutionInterceptor() {
          @Override
          public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            throw later;
          }
        };

    try (DynamoDbClient dynamo =
        client(new TracingExecutionInterceptor(tracer), failsAfterUs)) {
      // afterExecution (ours: finishes) then onExecutionFailure (ours: must not finish again).
      IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> getItem(dynamo));
      assertSame(later, thrown, "the application sees the other interceptor's exception unchanged");
    }

    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(1, spans.size(), spans.toString());
    assertEquals("DynamoDB.GetItem", spans.get(0).operationName());
    assertEquals("fake-request-id", spans.get(0).tag("aws.request_id"));
    assertEquals("orders", spans.get(0).tag("aws.table_name"));
  }

  @Test
  void twoTracingInterceptorsOnOneClient_eachFinishesItsOwnSpan_noneIsLeftUnfinished() {
    // For example one from an execution.interceptors file (GlobalTracer) and one added in code:
    // both keep their span in the same execution attribute.
    TestTracer first = TestTracer.create();
    TestTracer second = TestTracer.create();

    try (DynamoDbClient dynamo =
        client(new TracingExecutionInterceptor(first), new TracingExecutionInterceptor(second))) {
      assertEquals("book", getItem(dynamo));
    }

    for (TestTracer tracer : List.of(first, second)) {
      assertEquals(1, tracer.metrics().spansStarted(), tracer.metrics().toString());
      assertEquals(1, tracer.metrics().spansFinished(), tracer.metrics().toString());
      JstVerifySpan span = tracer.finishedSpans().get(0);
      assertEquals("DynamoDB.GetItem", span.operationName());
      assertEquals(200, ((Number) span.tag("http.status_code")).intValue());
    }
  }

  @Test
  void retriesEndingInAnIoError_doNotTagTheSpanWithAnEarlierAttemptsStatusOrRequestId() {
    TestTracer tracer = TestTracer.create();
    AtomicInteger attempts = new AtomicInteger();
    // The first attempt gets a 500 from DynamoDB, every retry a connection reset.
    SdkHttpClient http =
        new FakeHttpClient() {
          @Override
          public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            if (attempts.incrementAndGet() == 1) return answer(500, "first-attempt-id", "{\"__type\":\"InternalServerError\"}");
            return new ExecutableHttpRequest() {
              @Override
              public HttpExecuteResponse call() throws IOException {
                throw new IOException("connection reset");
              }

              @Override
              public void abort() {}
            };
          }
        };

    try (DynamoDbClient dynamo = client(http, new TracingExecutionInterceptor(tracer))) {
      SdkClientException thrown = assertThrows(SdkClientException.class, () -> getItem(dynamo));
      assertTrue(thrown.getMessage().contains("connection reset"), thrown.getMessage());
    }

    assertTrue(attempts.get() > 1, "retried");
    JstVerifySpan span = tracer.finishedSpans().get(0);
    assertEquals(true, span.tag("error"));
    assertNull(span.tag("http.status_code"), "no attempt but the first got a status");
    assertNull(span.tag("aws.request_id"), "the first attempt's id is not the failed call's");
  }

  @Test
  void serviceId_namesServicesTheWayAwsDoes() {
    assertEquals("DynamoDB", TracingExecutionInterceptor.serviceId("DynamoDb"));
    assertEquals("SQS", TracingExecutionInterceptor.serviceId("Sqs"));
    assertEquals("S3", TracingExecutionInterceptor.serviceId("S3"));
    assertEquals("Lambda", TracingExecutionInterceptor.serviceId("Lambda"));
  }

  private static String getItem(DynamoDbClient dynamo) {
    return dynamo
        .getItem(g -> g.tableName("orders").key(Map.of("id", AttributeValue.fromS("1"))))
        .item()
        .get("product")
        .s();
  }

  private static DynamoDbClient client(ExecutionInterceptor... interceptors) {
    return client(new FakeHttpClient(), interceptors);
  }

  private static DynamoDbClient client(SdkHttpClient http, ExecutionInterceptor... interceptors) {
    return DynamoDbClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:1"))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
        .httpClient(http)
        .overrideConfiguration(
            c -> {
              for (ExecutionInterceptor interceptor : interceptors) {
                c.addExecutionInterceptor(interceptor);
              }
            })
        .build();
  }

  /** Answers every request with HTTP 200 and one GetItem item. */
  static class FakeHttpClient implements SdkHttpClient {
    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
      return answer(
          200, "fake-request-id", "{\"Item\":{\"id\":{\"S\":\"1\"},\"product\":{\"S\":\"book\"}}}");
    }

    static ExecutableHttpRequest answer(int status, String requestId, String json) {
      return new ExecutableHttpRequest() {
        @Override
        public HttpExecuteResponse call() {
          byte[] body = json.getBytes(StandardCharsets.UTF_8);
          return HttpExecuteResponse.builder()
              .response(
                  SdkHttpResponse.builder()
                      .statusCode(status)
                      .putHeader("x-amzn-RequestId", requestId)
                      .putHeader("Content-Type", "application/x-amz-json-1.0")
                      .build())
              .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
              .build();
        }

        @Override
        public void abort() {}
      };
    }

    @Override
    public String clientName() {
      return "Fake";
    }

    @Override
    public void close() {}
  }
}
