package com.jstverify.tracing.testbed.jaxrs2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testbed.javax.DispatchGate;
import com.jstverify.tracing.testbed.javax.ServletServer;
import com.jstverify.tracing.testing.TestTracer;
import com.jstverify.tracing.testing.TestTracerExtension;
import io.opentracing.References;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.contrib.jaxrs2.client.ClientTracingFeature;
import io.opentracing.contrib.jaxrs2.client.TracingProperties;
import io.opentracing.contrib.jaxrs2.server.ServerTracingDynamicFeature;
import io.opentracing.contrib.jaxrs2.server.SpanFinishingFilter;
import io.opentracing.noop.NoopSpan;
import io.opentracing.util.GlobalTracer;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import javax.servlet.ServletRegistration;
import javax.servlet.http.HttpServletRequest;
import javax.ws.rs.GET;
import javax.ws.rs.HeaderParam;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.client.Client;
import javax.ws.rs.client.ClientBuilder;
import javax.ws.rs.container.AsyncResponse;
import javax.ws.rs.container.Suspended;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.Response;
import org.glassfish.grizzly.servlet.WebappContext;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * opentracing-jaxrs2 1.0.0, unchanged, on our tracer: Jersey 2 in Grizzly's servlet container on
 * loopback, wired as the module documents it (its {@link ServerTracingDynamicFeature}, its
 * span-finishing servlet filter, async-enabled, and its {@link ClientTracingFeature}).
 */
@ExtendWith(TestTracerExtension.class)
class ITOpentracingJaxrs2 {
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String BROWSER_SPAN_ID = "00f067aa0ba902b7";
  static final String BOOM = "resource failed";

  /** Resumes the async resource off the request thread. */
  static final ExecutorService WORKER = Executors.newSingleThreadExecutor();

  TestTracer tracer;
  ServletServer server;
  URI base;
  Client client;
  final List<LogRecord> warnings = new ArrayList<>();
  final Handler warningCollector =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
            synchronized (warnings) {
              warnings.add(record);
            }
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @Path("/")
  public static final class Resources {
    @GET
    @Path("/users/{id}")
    public String user(@PathParam("id") String id) {
      return "user " + id;
    }

    /** What reached the server on the wire: the headers our tracer injected on the client. */
    @GET
    @Path("/echo")
    public String echo(
        @HeaderParam("X-JstVerify-Trace-Id") String traceId,
        @HeaderParam("X-JstVerify-Parent-Span-Id") String parentSpanId,
        @HeaderParam("traceparent") String traceparent) {
      return traceId + " " + parentSpanId + " " + traceparent;
    }

    @GET
    @Path("/health")
    public String health() {
      return "ok";
    }

    @GET
    @Path("/boom")
    public String boom() {
      throw new IllegalStateException(BOOM);
    }

    @GET
    @Path("/async")
    public void async(@Context HttpServletRequest request, @Suspended AsyncResponse response) {
      // Jersey has put the servlet request into async mode: the filter's AsyncListener finishes.
      boolean asyncStarted = request.isAsyncStarted();
      WORKER.execute(
          DispatchGate.afterFilterReturned(
              request, () -> response.resume("later, async started: " + asyncStarted)));
    }
  }

  @BeforeEach
  void start(TestTracer tracer) throws Exception {
    this.tracer = tracer;
    Logger.getLogger("").addHandler(warningCollector);

    ResourceConfig app =
        new ResourceConfig(Resources.class)
            .register(
                new ServerTracingDynamicFeature.Builder(tracer).withSkipPattern("/health").build());
    WebappContext context = new WebappContext("jaxrs2-proof", "");
    ServletRegistration.Dynamic jersey = context.addServlet("jersey", new ServletContainer(app));
    jersey.setAsyncSupported(true);
    jersey.addMapping("/*");
    ServletServer.addTracingFilter(context, "span-finisher", new SpanFinishingFilter());
    server = new ServletServer(context);
    base = server.base;
    client = ClientBuilder.newClient().register(new ClientTracingFeature.Builder(tracer).build());
  }

  @AfterEach
  void stop() {
    try {
      if (client != null) client.close();
      if (server != null) server.close();
    } finally {
      Logger.getLogger("").removeHandler(warningCollector);
    }
  }

  /** The servlet filter finishes the server span after the response is written: wait for it. */
  void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) Thread.sleep(5);
    assertTrue(condition.getAsBoolean(), () -> "timed out; finished: " + tracer.finishedSpans());
  }

  List<JstVerifySpan> spans(Predicate<JstVerifySpan> filter) {
    return tracer.finishedSpans().stream().filter(filter).collect(Collectors.toList());
  }

  static Predicate<JstVerifySpan> kind(String kind) {
    return s -> kind.equals(s.tag("span.kind"));
  }

  static Predicate<JstVerifySpan> named(String operationName) {
    return s -> operationName.equals(s.operationName());
  }

  JstVerifySpan only(Predicate<JstVerifySpan> filter) {
    List<JstVerifySpan> found = spans(filter);
    assertEquals(1, found.size(), () -> "finished: " + tracer.finishedSpans());
    return found.get(0);
  }

  /**
   * Nothing the module or the tracer does may throw or complain: the only exception logged (by
   * Grizzly, at SEVERE) is the one the /boom resource itself throws.
   */
  void assertNothingLeaked() {
    List<String> problems;
    synchronized (warnings) {
      problems =
          warnings.stream()
              .filter(
                  r ->
                      r.getThrown() != null
                          ? !BOOM.equals(rootCause(r.getThrown()).getMessage())
                          : r.getLoggerName() != null
                              && (r.getLoggerName().startsWith("io.opentracing")
                                  || r.getLoggerName().startsWith("com.jstverify")))
              .map(r -> r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage() + " " + r.getThrown())
              .collect(Collectors.toList());
    }
    assertTrue(problems.isEmpty(), () -> "unexpected warnings: " + problems);
    assertNull(tracer.activeSpan(), "no scope left open on the test thread");
    assertEquals(0, tracer.metrics().spansDropped());
    assertEquals(0, tracer.metrics().duplicateFinishes());
    assertEquals(
        tracer.metrics().spansStarted(),
        tracer.metrics().spansFinished(),
        "every span the module started was finished");
  }

  static Throwable rootCause(Throwable t) {
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t;
  }

  @Test
  void browserHeaders_giveAServerSpanInThatTrace_withTheModulesTags() throws Exception {
    Client plain = ClientBuilder.newClient();
    try {
      Response response =
          plain
              .target(base)
              .path("users/42")
              .request()
              .header("X-JstVerify-Trace-Id", TRACE_ID)
              .header("X-JstVerify-Parent-Span-Id", BROWSER_SPAN_ID)
              .get();
      assertEquals(200, response.getStatus());
      assertEquals("user 42", response.readEntity(String.class));
    } finally {
      plain.close();
    }

    await(() -> spans(kind("server")).size() == 1);
    JstVerifySpan span = only(kind("server"));
    assertEquals("GET:/users/{id}", span.operationName());
    assertEquals(TRACE_ID, span.traceId());
    assertEquals(BROWSER_SPAN_ID, span.parentId());
    assertEquals("server", span.tag("span.kind"));
    assertEquals("GET", span.tag("http.method"));
    assertEquals(200, span.tag("http.status_code"));
    assertEquals(base + "users/42", span.tag("http.url"));
    assertEquals("jaxrs", span.tag("component"));
    assertEquals(200, span.statusCode(), "the standard tags fill the JstVerify HTTP metadata");
    assertEquals("GET", span.httpMethod());

    // The module's server interceptor traces writing the entity, as a child of the server span.
    JstVerifySpan serialize = only(named("serialize"));
    assertEquals(TRACE_ID, serialize.traceId());
    assertEquals(span.spanId(), serialize.parentId());
    assertNothingLeaked();
  }

  @Test
  @SuppressWarnings("try") // the scope is only held open
  void clientFeature_carriesTheTrace_clientSpanThenServerSpan() throws Exception {
    Span caller = tracer.buildSpan("checkout").start();
    String seenByServer;
    try (Scope ignored = tracer.activateSpan(caller)) {
      Response response = client.target(base).path("echo").request().get();
      assertEquals(200, response.getStatus());
      seenByServer = response.readEntity(String.class);
    }
    caller.finish();

    await(() -> spans(kind("server")).size() == 1 && spans(kind("client")).size() == 1);
    JstVerifySpan callerSpan = only(named("checkout"));
    JstVerifySpan clientSpan = only(kind("client"));
    JstVerifySpan serverSpan = only(kind("server"));

    String trace = callerSpan.traceId();
    assertEquals(trace, clientSpan.traceId());
    assertEquals(trace, serverSpan.traceId());
    assertEquals(callerSpan.spanId(), clientSpan.parentId(), "the active span is the client span's parent");
    assertEquals(clientSpan.spanId(), serverSpan.parentId(), "the server continues the client span");

    // On the wire: our tracer's headers, injected through the module's carrier.
    String[] headers = seenByServer.split(" ");
    assertEquals(trace, headers[0], seenByServer);
    assertEquals(clientSpan.spanId(), headers[1], seenByServer);
    assertTrue(headers[2].contains(trace) && headers[2].contains(clientSpan.spanId()), seenByServer);

    assertEquals("GET", clientSpan.operationName());
    assertEquals("jaxrs", clientSpan.tag("component"));
    assertEquals("GET", clientSpan.tag("http.method"));
    assertEquals(base + "echo", clientSpan.tag("http.url"));
    assertEquals(200, clientSpan.tag("http.status_code"));
    assertEquals("127.0.0.1", clientSpan.tag("peer.hostname"));

    // Reading the entity happens after the client span finished: the module uses FOLLOWS_FROM.
    JstVerifySpan deserialize = only(named("deserialize"));
    assertEquals(trace, deserialize.traceId());
    assertEquals(clientSpan.spanId(), deserialize.parentId());
    assertEquals(References.FOLLOWS_FROM, deserialize.references().get(0).referenceType());
    assertNothingLeaked();
  }

  @Test
  void explicitParentProperty_overridesTheActiveSpan() throws Exception {
    Span parent = tracer.buildSpan("batch").start();
    assertEquals(
        200,
        client
            .target(base)
            .path("users/9")
            .request()
            .property(TracingProperties.CHILD_OF, parent.context())
            .get()
            .getStatus());
    parent.finish();

    await(() -> spans(kind("server")).size() == 1 && spans(kind("client")).size() == 1);
    JstVerifySpan clientSpan = only(kind("client"));
    assertEquals(parent.context().toTraceId(), clientSpan.traceId());
    assertEquals(parent.context().toSpanId(), clientSpan.parentId());
    assertEquals(clientSpan.spanId(), only(kind("server")).parentId());
    assertNothingLeaked();
  }

  @Test
  void asyncResource_spanFinishedByTheAsyncListener() throws Exception {
    Response response =
        client
            .target(base)
            .path("async")
            .request()
            .header("X-JstVerify-Trace-Id", TRACE_ID)
            .header("X-JstVerify-Parent-Span-Id", BROWSER_SPAN_ID)
            .property(TracingProperties.TRACING_DISABLED, true)
            .get();
    assertEquals(200, response.getStatus());
    assertEquals("later, async started: true", response.readEntity(String.class));

    await(() -> spans(kind("server")).size() == 1);
    JstVerifySpan span = only(kind("server"));
    assertEquals(TRACE_ID, span.traceId());
    assertEquals(BROWSER_SPAN_ID, span.parentId());
    assertEquals(200, span.tag("http.status_code"));
    assertTrue(span.finishMicros() >= span.startMicros());
    // Client tracing was disabled for this call: no client span, and the client's reader
    // interceptor ran on NoopSpan.INSTANCE without a complaint.
    assertTrue(spans(kind("client")).isEmpty(), () -> "finished: " + tracer.finishedSpans());
    assertTrue(spans(named("deserialize")).isEmpty(), () -> "finished: " + tracer.finishedSpans());
    assertNothingLeaked();
  }

  @Test
  @SuppressWarnings("try") // the scope is only held open
  void skipPattern_failingResource_andNoopActiveSpan_neverThrowIntoTheApplication() throws Exception {
    // Skipped: no server span, yet the module's writer interceptor still runs and activates
    // NoopSpan.INSTANCE in our scope manager.
    Response health = client.target(base).path("health").request().get();
    assertEquals(200, health.getStatus());
    assertEquals("ok", health.readEntity(String.class));

    Response boom = client.target(base).path("boom").request().get();
    assertEquals(500, boom.getStatus());
    boom.close();

    // Callers of the module may have NoopSpan active; our tracer treats it as no parent.
    try (Scope ignored = tracer.activateSpan(NoopSpan.INSTANCE)) {
      Response user = client.target(base).path("users/1").request().get();
      assertEquals(200, user.getStatus());
      assertEquals("user 1", user.readEntity(String.class));
      assertSame(NoopSpan.INSTANCE, tracer.activeSpan());
    }

    // The app still answers after all that.
    assertEquals(200, client.target(base).path("users/2").request().get().getStatus());

    // health: client only; boom, users/1, users/2: client + server.
    await(() -> spans(kind("client")).size() == 4 && spans(kind("server")).size() == 3);
    List<JstVerifySpan> servers = spans(kind("server"));
    assertTrue(
        servers.stream().noneMatch(s -> String.valueOf(s.tag("http.url")).endsWith("/health")),
        servers::toString);

    JstVerifySpan failed = only(kind("server").and(s -> s.operationName().equals("GET:/boom")));
    assertEquals(true, failed.tag("error"));
    assertEquals(500, failed.statusCode(), failed.tags()::toString);
    assertTrue(failed.isError(), "a 500 is an error on the map");
    JstVerifySpan.LogEntry errorLog = failed.logEntries().get(0);
    assertEquals("error", errorLog.fields().get("event"));
    Object thrown = errorLog.fields().get("error.object");
    assertNotNull(thrown);
    assertEquals(BOOM, rootCause((Throwable) thrown).getMessage());
    assertEquals(500, only(kind("client").and(s -> s.operationName().equals("GET") && String.valueOf(s.tag("http.url")).endsWith("/boom"))).tag("http.status_code"));

    // The client span under the NoopSpan started a trace of its own, and the server joined it.
    JstVerifySpan user1Client =
        only(kind("client").and(s -> String.valueOf(s.tag("http.url")).endsWith("/users/1")));
    assertNull(user1Client.parentId());
    JstVerifySpan user1Server =
        only(kind("server").and(s -> String.valueOf(s.tag("http.url")).endsWith("/users/1")));
    assertEquals(user1Client.spanId(), user1Server.parentId());
    assertEquals(user1Client.traceId(), user1Server.traceId());

    // The collector does see the server's logs: Grizzly reported the resource's own exception.
    await(() -> {
      synchronized (warnings) {
        return warnings.stream()
            .anyMatch(r -> r.getThrown() != null && BOOM.equals(rootCause(r.getThrown()).getMessage()));
      }
    });

    // The extension made this tracer the global one for the test.
    GlobalTracer.get().buildSpan("probe").start().finish();
    assertEquals(1, spans(named("probe")).size());
    assertNothingLeaked();
  }
}
