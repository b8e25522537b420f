package com.jstverify.tracing.testbed.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.http.TracingCallFactory;
import com.jstverify.tracing.http.TracingHttpClient;
import com.jstverify.tracing.jaxrs.TracingFeature;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Tracer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two JAX-RS services on loopback, the first calling the second through the traced OkHttp and
 * java.net.http clients: one trace, server span, client span, server span.
 */
class ITJaxrsServicesOverTracedClients {
  final TestTracer gatewayTracer = TestTracer.create(b -> b.serviceName("gateway"));
  final TestTracer catalogTracer = TestTracer.create(b -> b.serviceName("catalog"));
  HttpServer catalog;
  HttpServer gateway;

  @Path("/items")
  public static final class CatalogResource {
    @GET
    public String items() {
      return "[\"book\"]";
    }
  }

  @Path("/")
  public static final class GatewayResource {
    private final Call.Factory okHttp;
    private final HttpClient jdk;
    private final URI catalog;

    GatewayResource(Call.Factory okHttp, HttpClient jdk, URI catalog) {
      this.okHttp = okHttp;
      this.jdk = jdk;
      this.catalog = catalog;
    }

    @GET
    @Path("/via-okhttp")
    public String viaOkHttp() throws IOException {
      try (Response r = okHttp.newCall(new Request.Builder().url(catalog.resolve("items").toString()).build()).execute()) {
        return r.body().string();
      }
    }

    @GET
    @Path("/via-jdk")
    public String viaJdk() throws IOException, InterruptedException {
      return jdk.send(HttpRequest.newBuilder(catalog.resolve("items")).build(), HttpResponse.BodyHandlers.ofString())
          .body();
    }
  }

  static HttpServer start(ResourceConfig app, Tracer tracer) {
    app.register(TracingFeature.builder().tracer(tracer).build());
    HttpServer server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), app, false);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  static URI base(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getListeners().iterator().next().getPort() + "/");
  }

  @BeforeEach
  void start() {
    catalog = start(new ResourceConfig().register(new CatalogResource()), catalogTracer);
    gateway =
        start(
            new ResourceConfig()
                .register(
                    new GatewayResource(
                        TracingCallFactory.wrap(new OkHttpClient(), gatewayTracer),
                        TracingHttpClient.wrap(HttpClient.newHttpClient(), gatewayTracer),
                        base(catalog))),
            gatewayTracer);
  }

  @AfterEach
  void stop() {
    gateway.shutdownNow();
    catalog.shutdownNow();
  }

  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(5);
    assertTrue(condition.getAsBoolean(), "timed out");
  }

  void assertOneTraceAcrossBothServices(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base(gateway).resolve(path))
                    .header("X-JstVerify-Trace-Id", "0af7651916cd43dd8448eb211c80319c")
                    .header("X-JstVerify-Parent-Span-Id", "00f067aa0ba902b7")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertEquals("[\"book\"]", response.body());

    await(() -> gatewayTracer.finishedSpans().size() == 2 && catalogTracer.finishedSpans().size() == 1);
    List<JstVerifySpan> gatewaySpans = gatewayTracer.finishedSpans();
    JstVerifySpan gatewayServer =
        gatewaySpans.stream().filter(s -> "server".equals(s.tag("span.kind"))).findFirst().orElseThrow();
    JstVerifySpan gatewayClient =
        gatewaySpans.stream().filter(s -> "client".equals(s.tag("span.kind"))).findFirst().orElseThrow();
    JstVerifySpan catalogServer = catalogTracer.finishedSpans().get(0);

    assertEquals("0af7651916cd43dd8448eb211c80319c", catalogServer.traceId());
    assertEquals("00f067aa0ba902b7", gatewayServer.parentId());
    assertEquals(gatewayServer.spanId(), gatewayClient.parentId());
    assertEquals(gatewayClient.spanId(), catalogServer.parentId());
    assertEquals("GET 127.0.0.1", gatewayClient.operationName());
    assertEquals(200, gatewayClient.statusCode());
    assertEquals("GET /items", catalogServer.operationName());
  }

  @Test
  void okHttpCallFactory_carriesTheTraceToTheNextJaxrsService() throws Exception {
    assertOneTraceAcrossBothServices("via-okhttp");
  }

  @Test
  void jdkHttpClient_carriesTheTraceToTheNextJaxrsService() throws Exception {
    assertOneTraceAcrossBothServices("via-jdk");
  }
}
