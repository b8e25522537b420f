package com.jstverify.tracing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifyTracer;
import com.squareup.moshi.Moshi;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * The tracer's own POSTs to the ingestion API are never traced, even when the application's
 * clients are: spans about delivering spans would be delivered too, for ever.
 */
class ITNoFeedbackLoop {

  @Test
  void directReporting_withTracedAppClients_reportsOnlyTheAppsCalls() throws Exception {
    try (LoopbackServer ingestion = LoopbackServer.start();
        LoopbackServer app = LoopbackServer.start()) {
      JstVerifyTracer tracer =
          JstVerifyTracer.builder()
              .serviceName("orders-api")
              .apiKey("test-key")
              .endpoint(ingestion.url("/v1/tracing/spans"))
              .maxBatchSize(1) // one POST per span: as many chances to trace a POST as possible
              .shutdownHook(false)
              .build();
      try {
        Call.Factory okHttp = TracingCallFactory.wrap(new OkHttpClient(), tracer);
        HttpClient jdk = TracingHttpClient.wrap(HttpClient.newHttpClient(), tracer);
        for (int i = 0; i < 2; i++) {
          okHttp.newCall(new Request.Builder().url(app.url("/app")).build()).execute().close();
          jdk.send(HttpRequest.newBuilder(URI.create(app.url("/app"))).build(), HttpResponse.BodyHandlers.discarding());
          assertTrue(tracer.flush(Duration.ofSeconds(5)));
        }
        // Any span of a POST would now be queued: a last flush would deliver it.
        assertTrue(tracer.flush(Duration.ofSeconds(5)));

        List<Map<String, Object>> spans = spansReceived(ingestion);
        assertEquals(4, spans.size(), "the app's four calls and nothing else: " + spans);
        for (Map<String, Object> span : spans) {
          assertEquals("GET 127.0.0.1", span.get("operationName"));
          assertEquals("http://127.0.0.1:" + app.port() + "/app", span.get("httpUrl"));
        }
        assertEquals(4, tracer.metrics().spansStarted());
        for (LoopbackServer.Recorded post : ingestion.requests()) {
          assertNull(post.header("X-JstVerify-Trace-Id"), "the ingestion POST carries no trace");
          assertNull(post.header("traceparent"));
        }
      } finally {
        tracer.close();
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> spansReceived(LoopbackServer ingestion) throws Exception {
    List<Map<String, Object>> spans = new ArrayList<>();
    for (LoopbackServer.Recorded post : ingestion.requests()) {
      Map<String, Object> body = (Map<String, Object>) new Moshi.Builder().build().adapter(Object.class).fromJson(post.body);
      spans.addAll((List<Map<String, Object>>) body.get("spans"));
    }
    return spans;
  }
}
