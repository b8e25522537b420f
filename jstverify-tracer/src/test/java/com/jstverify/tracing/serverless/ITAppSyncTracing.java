package com.jstverify.tracing.serverless;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ITAppSyncTracing {
  private FakeIngestion ingestion;
  private JstVerifyTracer tracer;

  @BeforeEach
  void start() throws Exception {
    ingestion = new FakeIngestion();
    tracer =
        JstVerifyTracer.builder()
            .serviceName("graphql-resolvers")
            .apiKey("test-key")
            .endpoint(ingestion.endpoint())
            .flushInterval(Duration.ofHours(1))
            .shutdownHook(false)
            .build();
  }

  @AfterEach
  void stop() {
    tracer.close();
    ingestion.close();
  }

  @Test
  void resolver_isASpanNamedAfterTheField_continuingTheTrace_deliveredWhenItReturns() {
    BiFunction<Map<String, Object>, Object, List<String>> resolver =
        AppSyncTracing.wrap(tracer, (event, context) -> List.of("ada", "grace"));

    List<String> users = resolver.apply(Fixtures.event("appsync.json"), null);

    assertEquals(List.of("ada", "grace"), users);
    List<Map<String, Object>> spans = ingestion.spans(); // no waiting: already there
    assertEquals(1, spans.size());
    Map<String, Object> span = spans.get(0);
    assertEquals("Query.listUsers", span.get("operationName"));
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", span.get("traceId"));
    assertEquals("b7ad6b7169203331", span.get("parentSpanId"));
    assertEquals(false, span.get("error"));
    @SuppressWarnings("unchecked")
    Map<String, Object> tags = (Map<String, Object>) span.get("tags");
    assertEquals("listUsers", tags.get("graphql.field"));
    assertEquals("aws-appsync", tags.get("component"));
  }

  @Test
  void resolverThrows_rethrownUnchanged_errorSpanDelivered() {
    IllegalArgumentException thrown = new IllegalArgumentException("limit too large");
    BiFunction<Map<String, Object>, Object, Object> resolver =
        AppSyncTracing.wrap(tracer, (event, context) -> { throw thrown; });

    assertSame(thrown, assertThrows(IllegalArgumentException.class, () -> resolver.apply(Fixtures.event("appsync.json"), null)));

    assertEquals(true, ingestion.spans().get(0).get("error"));
  }

  @Test
  void relayTracer_isRefused_sayingWhy() {
    JstVerifyTracer relay =
        JstVerifyTracer.builder().serviceName("graphql").transport(Transport.RELAY).shutdownHook(false).build();
    try {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> AppSyncTracing.wrap(relay, (event, context) -> null));
      assertTrue(e.getMessage().contains("DIRECT"), e.getMessage());
      assertTrue(e.getMessage().contains("AppSync"), e.getMessage());
    } finally {
      relay.close();
    }
  }
}
