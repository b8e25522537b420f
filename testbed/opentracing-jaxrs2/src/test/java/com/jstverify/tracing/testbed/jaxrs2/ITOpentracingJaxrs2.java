package com.jstverify.tracing.testbed.jaxrs2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.contrib.jaxrs2.client.ClientTracingFeature;
import io.opentracing.contrib.jaxrs2.server.ServerTracingDynamicFeature;
import io.opentracing.contrib.jaxrs2.server.SpanFinishingFilter;
import io.opentracing.noop.NoopSpan;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.servlet.DispatcherType;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.client.Client;
import javax.ws.rs.client.ClientBuilder;
import javax.ws.rs.core.Response;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.servlet.WebappContext;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * opentracing-jaxrs2 1.0.0, unchanged, on our tracer: Jersey 2 in Grizzly's servlet container,
 * the module's server feature and span-finishing servlet filter, and its client feature.
 */
class ITOpentracingJaxrs2 {
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String BROWSER_SPAN_ID = "00f067aa0ba902b7";

  final TestTracer tracer = TestTracer.create();
  HttpServer server;
  URI base;
  Client client;

  @Path("/")
  public static final class Resources {
    @GET
    @Path("/users/{id}")
    public String user(@PathParam("id") String id) {
      return "user " + id;
    }

    @GET
    @Path("/health")
    public String health() {
      return "ok";
    }

    @GET
    @Path("/boom")
    public String boom() {
      throw new IllegalStateException("resource failed");
    }
  }

  @BeforeEach
  void start() throws Exception {
    ResourceConfig app =
        new ResourceConfig(Resources.class)
            .register(new ServerTracingDynamicFeature.Builder(tracer).withSkipPattern("/health").build());
    WebappContext context = new WebappContext("jaxrs2-proof", "");
    context.addServlet("jersey", new ServletContainer(app)).addMapping("/*");
    context
        .addFilter("span-finisher", new SpanFinishingFilter())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.ASYNC), "/*");
    server = HttpServer.createSimpleServer(null, "127.0.0.1", freePort());
    context.deploy(server);
    server.start();
    base = URI.create("http://127.0.0.1:" + server.getListeners().iterator().next().getPort() + "/");
    client = ClientBuilder.newClient().register(new ClientTracingFeature.Builder(tracer).build());
  }

  @AfterEach
  void stop() {
    client.close();
    server.shutdownNow();
  }

  /** Grizzly's simple server takes no port 0: ask the OS for a free one first. */
  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** The servlet filter finishes the server span after the response is written: wait for it. */
  static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(5);
    assertTrue(condition.getAsBoolean(), "timed out");
  }

  long spansOfKind(String kind) {
    return tracer.finishedSpans().stream().filter(s -> kind.equals(s.tag("span.kind"))).count();
  }

  JstVerifySpan serverSpan() {
    return tracer.finishedSpans().stream()
        .filter(s -> "server".equals(s.tag("span.kind")))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void browserHeaders_giveAServerSpanInThatTrace_withTheModulesTags() throws Exception {
    Response response =
        ClientBuilder.newClient()
            .target(base)
            .path("users/42")
            .request()
            .header("X-JstVerify-Trace-Id", TRACE_ID)
            .header("X-JstVerify-Parent-Span-Id", BROWSER_SPAN_ID)
            .get();

    assertEquals(200, response.getStatus());
    assertEquals("user 42", response.readEntity(String.class));
    // The module also traces entity serialization ("serialize" spans) by default.
    await(() -> spansOfKind("server") == 1);
    JstVerifySpan span = serverSpan();
    assertEquals("GET:/users/{id}", span.operationName());
    assertEquals(TRACE_ID, span.traceId());
    assertEquals(BROWSER_SPAN_ID, span.parentId());
    assertEquals("GET", span.tag("http.method"));
    assertEquals(200, span.tag("http.status_code"));
    assertTrue(String.valueOf(span.tag("http.url")).endsWith("/users/42"), String.valueOf(span.tag("http.url")));
    assertEquals("jaxrs", span.tag("component"));
    assertEquals(200, span.statusCode(), "the standard tags fill the JstVerify HTTP metadata");
  }

  @Test
  void clientFeature_carriesTheTrace_clientSpanThenServerSpan() throws Exception {
    Span caller = tracer.buildSpan("checkout").start();
    try (Scope ignored = tracer.activateSpan(caller)) {
      assertEquals(200, client.target(base).path("users/7").request().get().getStatus());
    }
    caller.finish();

    await(() -> spansOfKind("server") == 1 && spansOfKind("client") == 1);
    List<JstVerifySpan> spans = tracer.finishedSpans();
    JstVerifySpan clientSpan =
        spans.stream().filter(s -> "client".equals(s.tag("span.kind"))).findFirst().orElseThrow();
    JstVerifySpan serverSpan = serverSpan();
    assertEquals(caller.context().toSpanId(), clientSpan.parentId());
    assertEquals(clientSpan.spanId(), serverSpan.parentId());
    assertEquals(caller.context().toTraceId(), serverSpan.traceId());
    assertEquals(200, clientSpan.tag("http.status_code"));
  }

  @Test
  void skipPattern_failingResource_andNoopActiveSpan_neverThrowIntoTheApplication() throws Exception {
    assertEquals(200, client.target(base).path("health").request().get().getStatus());
    assertEquals(500, client.target(base).path("boom").request().get().getStatus());
    // The module's callers may have NoopSpan active; our tracer treats it as no parent.
    try (Scope ignored = tracer.activateSpan(NoopSpan.INSTANCE)) {
      assertEquals(200, client.target(base).path("users/1").request().get().getStatus());
      assertSame(NoopSpan.INSTANCE, tracer.activeSpan());
    }

    // health: client span only; boom: client + server (500); users/1: client + server.
    await(() -> spansOfKind("client") == 3 && spansOfKind("server") == 2);
    List<JstVerifySpan> servers =
        tracer.finishedSpans().stream()
            .filter(s -> "server".equals(s.tag("span.kind")))
            .collect(java.util.stream.Collectors.toList());
    assertEquals(2, servers.size(), tracer.finishedSpans().toString());
    assertTrue(servers.stream().noneMatch(s -> String.valueOf(s.tag("http.url")).endsWith("/health")));
    JstVerifySpan failed =
        servers.stream().filter(s -> s.statusCode() == 500).findFirst().orElseThrow();
    assertTrue(failed.isError(), "a 500 is an error on the map");
    assertNull(tracer.activeSpan());
    assertEquals(0, tracer.metrics().spansDropped());
  }
}
