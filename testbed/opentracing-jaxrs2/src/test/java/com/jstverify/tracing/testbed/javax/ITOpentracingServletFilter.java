package com.jstverify.tracing.testbed.javax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import com.jstverify.tracing.testing.TestTracerExtension;
import io.opentracing.Span;
import io.opentracing.contrib.web.servlet.filter.ServletFilterSpanDecorator;
import io.opentracing.contrib.web.servlet.filter.TracingFilter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.servlet.ServletRegistration;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;
import org.glassfish.grizzly.servlet.WebappContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * opentracing-contrib's servlet filter ({@code
 * io.opentracing.contrib:opentracing-web-servlet-filter:0.4.1}), unchanged, on our tracer, in
 * Grizzly's servlet container on loopback: server spans continue the browser's JstVerify or W3C
 * headers, are active in the servlet, finish for working and failing servlets, and reach our
 * reporter.
 *
 * <p>Async servlets are left out: the module's listener reads {@code AsyncEvent}'s supplied
 * response, which Grizzly leaves null for a listener added without one, and its
 * NullPointerException keeps Grizzly from completing the response. That is between the module
 * and the container; the jaxrs2 proof covers an async request on this tracer.
 */
@ExtendWith(TestTracerExtension.class)
class ITOpentracingServletFilter {
  static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
  static final String BROWSER_SPAN_ID = "00f067aa0ba902b7";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  TestTracer tracer;
  ServletServer server;

  /** Answers with the span active in the servlet, after starting a child of it. */
  final class Users extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      Span active = tracer.activeSpan();
      tracer.buildSpan("load-user").start().finish();
      response.getWriter().print(active == null ? "none" : active.context().toSpanId());
    }
  }

  static final class Boom extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) {
      throw new IllegalStateException("servlet failed");
    }
  }

  @BeforeEach
  void start(TestTracer tracer) throws IOException {
    this.tracer = tracer;
    WebappContext application = new WebappContext("servlet-filter-proof", "");
    map(application, "users", new Users(), "/users/*");
    map(application, "boom", new Boom(), "/boom");
    map(application, "health", new Users(), "/health");
    ServletServer.addTracingFilter(
        application,
        "tracing",
        new TracingFilter(
            tracer, List.of(ServletFilterSpanDecorator.STANDARD_TAGS), Pattern.compile("/health")));
    server = new ServletServer(application);
  }

  private static void map(WebappContext application, String name, HttpServlet servlet, String path) {
    ServletRegistration.Dynamic registration = application.addServlet(name, servlet);
    registration.setAsyncSupported(true);
    registration.addMapping(path);
  }

  @AfterEach
  void stop() {
    if (server != null) server.close();
  }

  @Test
  void browserRequest_continuesItsTrace_withTheServerSpanActiveInTheServlet() throws Exception {
    HttpResponse<String> response =
        get("users/42", "X-JstVerify-Trace-Id", TRACE_ID, "X-JstVerify-Parent-Span-Id", BROWSER_SPAN_ID);

    assertEquals(200, response.statusCode());
    JstVerifySpan server = only(kind("server"));
    assertEquals(TRACE_ID, server.traceId());
    assertEquals(BROWSER_SPAN_ID, server.parentId());
    assertEquals(server.spanId(), response.body(), "active while the servlet ran");
    assertEquals("GET", server.tag("http.method"));
    assertEquals(200, server.tag("http.status_code"));
    assertEquals("java-web-servlet", server.tag("component"));
    assertTrue(String.valueOf(server.tag("http.url")).endsWith("/users/42"));
    JstVerifySpan child = only(named("load-user"));
    assertEquals(server.spanId(), child.parentId());
    assertEquals(TRACE_ID, child.traceId());
  }

  @Test
  void w3cOnlyRequest_continuesItsTrace() throws Exception {
    get("users/7", "traceparent", "00-" + TRACE_ID + "-" + BROWSER_SPAN_ID + "-01");

    JstVerifySpan server = only(kind("server"));
    assertEquals(TRACE_ID, server.traceId());
    assertEquals(BROWSER_SPAN_ID, server.parentId());
  }

  @Test
  void malformedHeaders_startANewTrace_andTheRequestSucceeds() throws Exception {
    HttpResponse<String> response =
        get("users/7", "X-JstVerify-Trace-Id", "not-hex", "traceparent", "00-zz-yy-01");

    assertEquals(200, response.statusCode());
    JstVerifySpan server = only(kind("server"));
    assertNull(server.parentId());
    assertNotEquals(TRACE_ID, server.traceId());
  }

  @Test
  void failingServlet_isAnErrorSpan() throws Exception {
    assertEquals(500, get("boom").statusCode());

    JstVerifySpan server = await(kind("server"));
    assertEquals(Boolean.TRUE, server.tag("error"));
  }

  @Test
  void skipPattern_leavesHealthChecksUntraced() throws Exception {
    assertEquals(200, get("health").statusCode());
    get("users/1");

    await(kind("server"));
    assertEquals(1, spans(kind("server")).size(), () -> "finished: " + tracer.finishedSpans());
    assertNull(spans(kind("server")).get(0).tag("error"));
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(server.base.resolve(URI.create(path))).timeout(Duration.ofSeconds(10));
    for (int i = 0; i < headers.length; i += 2) request.header(headers[i], headers[i + 1]);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The filter finishes the span after the response went out: wait for it. */
  private JstVerifySpan await(Predicate<JstVerifySpan> filter) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (spans(filter).isEmpty() && System.nanoTime() < deadline) Thread.sleep(5);
    return only(filter);
  }

  private List<JstVerifySpan> spans(Predicate<JstVerifySpan> filter) {
    return tracer.finishedSpans().stream().filter(filter).collect(Collectors.toList());
  }

  private JstVerifySpan only(Predicate<JstVerifySpan> filter) {
    List<JstVerifySpan> found = spans(filter);
    assertEquals(1, found.size(), () -> "finished: " + tracer.finishedSpans());
    return found.get(0);
  }

  static Predicate<JstVerifySpan> kind(String kind) {
    return s -> kind.equals(s.tag("span.kind"));
  }

  static Predicate<JstVerifySpan> named(String operationName) {
    return s -> operationName.equals(s.operationName());
  }
}
