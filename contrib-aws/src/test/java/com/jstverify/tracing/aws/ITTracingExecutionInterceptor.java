package com.jstverify.tracing.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** The interceptor against a real DynamoDB Local running in this JVM on loopback. */
class ITTracingExecutionInterceptor {
  static DynamoDbLocal server;
  static final AtomicInteger tables = new AtomicInteger();

  final TestTracer tracer = TestTracer.create();
  RecordingHttpClient http;
  DynamoDbClient dynamo;

  @BeforeAll
  static void startDynamoDbLocal() throws Exception {
    assumeTrue(DynamoDbLocal.canRunOnThisJvm(), "DynamoDB Local 2.x needs Java 17 or later");
    server = DynamoDbLocal.start();
  }

  @AfterAll
  static void stopDynamoDbLocal() throws Exception {
    if (server != null) server.close();
  }

  @BeforeEach
  void newClient() {
    http = new RecordingHttpClient(UrlConnectionHttpClient.create());
    dynamo =
        DynamoDbClient.builder()
            .endpointOverride(server.endpoint)
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("dummy", "dummy")))
            .httpClient(http)
            .overrideConfiguration(
                c -> c.addExecutionInterceptor(new TracingExecutionInterceptor(tracer)))
            .build();
  }

  @AfterEach
  void closeClient() {
    dynamo.close();
  }

  @Test
  void createTable_isAClientSpanTaggedWithServiceOperationRegionAndTable() {
    String table = createTable();

    JstVerifySpan span = onlySpan();
    assertEquals("DynamoDB.CreateTable", span.operationName());
    assertEquals("client", span.tag("span.kind"));
    assertEquals("java-aws-sdk", span.tag("component"));
    assertEquals("DynamoDB", span.tag("aws.service"));
    assertEquals("CreateTable", span.tag("aws.operation"));
    assertEquals("us-east-1", span.tag("aws.region"));
    assertEquals(table, span.tag("aws.table_name"));
    assertEquals("DynamoDB", span.tag("peer.service"));
    assertEquals(200, ((Number) span.tag("http.status_code")).intValue());
    assertNotNull(span.tag("aws.request_id"), "request id from the response");
    assertNull(span.tag("error"));
  }

  @Test
  void putItemThenGetItem_areChildrenOfTheActiveSpan() {
    String table = createTable();
    tracer.reset();

    Span parent = tracer.buildSpan("checkout").start();
    GetItemResponse got;
    try (Scope ignored = tracer.activateSpan(parent)) {
      dynamo.putItem(p -> p.tableName(table).item(item("order-1", "book")));
      got = dynamo.getItem(g -> g.tableName(table).key(key("order-1")));
    } finally {
      parent.finish();
    }

    assertEquals("book", got.item().get("product").s(), "the call's own result is untouched");
    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(3, spans.size(), spans.toString());
    JstVerifySpan put = spans.get(0);
    JstVerifySpan get = spans.get(1);
    JstVerifySpan checkout = spans.get(2);
    assertEquals("DynamoDB.PutItem", put.operationName());
    assertEquals("DynamoDB.GetItem", get.operationName());
    for (JstVerifySpan span : List.of(put, get)) {
      assertEquals(checkout.spanId(), span.parentId());
      assertEquals(checkout.traceId(), span.traceId());
      assertEquals(table, span.tag("aws.table_name"));
      assertEquals(200, ((Number) span.tag("http.status_code")).intValue());
      assertNotNull(span.tag("aws.request_id"));
      assertTrue(span.isFinished());
    }
  }

  @Test
  void query_isTaggedWithItsTable() {
    String table = createTable();
    dynamo.putItem(p -> p.tableName(table).item(item("order-2", "pen")));
    tracer.reset();

    QueryResponse result =
        dynamo.query(
            q ->
                q.tableName(table)
                    .keyConditionExpression("id = :id")
                    .expressionAttributeValues(Map.of(":id", AttributeValue.fromS("order-2"))));

    assertEquals(1, result.count());
    JstVerifySpan span = onlySpan();
    assertEquals("DynamoDB.Query", span.operationName());
    assertEquals("Query", span.tag("aws.operation"));
    assertEquals(table, span.tag("aws.table_name"));
  }

  @Test
  void getItem_onAMissingTable_rethrowsTheSdkException_andMarksTheSpanAsError() {
    ResourceNotFoundException thrown =
        assertThrows(
            ResourceNotFoundException.class,
            () -> dynamo.getItem(g -> g.tableName("no-such-table").key(key("x"))));

    JstVerifySpan span = onlySpan();
    assertEquals("DynamoDB.GetItem", span.operationName());
    assertEquals(true, span.tag("error"));
    assertEquals("no-such-table", span.tag("aws.table_name"));
    assertEquals(400, ((Number) span.tag("http.status_code")).intValue());
    assertEquals("ResourceNotFoundException", span.tag("aws.error_code"));
    assertEquals(thrown.requestId(), span.tag("aws.request_id"));
    JstVerifySpan.LogEntry log = span.logEntries().get(0);
    assertEquals("error", log.fields().get("event"));
    assertSame(thrown, log.fields().get("error.object"), "the very exception the app received");
  }

  @Test
  void noTraceHeaders_reachDynamoDb_evenWithAnActiveSpan() {
    String table = createTable();
    http.requests.clear();

    Span parent = tracer.buildSpan("checkout").start();
    Map<String, String> wouldBeInjected = new HashMap<>();
    try (Scope ignored = tracer.activateSpan(parent)) {
      tracer.inject(parent.context(), Format.Builtin.HTTP_HEADERS, new TextMapAdapter(wouldBeInjected));
      dynamo.putItem(p -> p.tableName(table).item(item("order-3", "ink")));
      dynamo.getItem(g -> g.tableName(table).key(key("order-3")));
    } finally {
      parent.finish();
    }

    assertFalse(wouldBeInjected.isEmpty(), "the tracer does have headers it could inject");
    assertEquals(2, http.requests.size());
    for (SdkHttpRequest sent : http.requests) {
      assertTrue(sent.firstMatchingHeader("Authorization").isPresent(), "signed request");
      for (String header : sent.headers().keySet()) {
        String lower = header.toLowerCase(java.util.Locale.ROOT);
        assertFalse(lower.startsWith("x-jstverify"), header);
        assertFalse(lower.equals("traceparent") || lower.equals("tracestate"), header);
        for (String injected : wouldBeInjected.keySet()) {
          assertFalse(header.equalsIgnoreCase(injected), header);
        }
      }
    }
  }

  private String createTable() {
    String table = "orders-" + tables.incrementAndGet();
    dynamo.createTable(
        c ->
            c.tableName(table)
                .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    return table;
  }

  private JstVerifySpan onlySpan() {
    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(1, spans.size(), spans.toString());
    return spans.get(0);
  }

  private static Map<String, AttributeValue> key(String id) {
    return Map.of("id", AttributeValue.fromS(id));
  }

  private static Map<String, AttributeValue> item(String id, String product) {
    return Map.of("id", AttributeValue.fromS(id), "product", AttributeValue.fromS(product));
  }
}
