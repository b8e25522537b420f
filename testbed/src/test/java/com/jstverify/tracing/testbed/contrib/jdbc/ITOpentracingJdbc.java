package com.jstverify.tracing.testbed.contrib.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.DropReason;
import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import com.jstverify.tracing.testing.TestTracerExtension;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.contrib.jdbc.JdbcTracing;
import io.opentracing.contrib.jdbc.TracingDriver;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * opentracing-contrib's JDBC module ({@code io.opentracing.contrib:opentracing-jdbc:0.2.15}),
 * unchanged, with our tracer behind {@code GlobalTracer}: its {@code jdbc:tracing:} driver makes
 * spans that reach our reporter, and the paths where it activates {@code NoopSpan.INSTANCE} or
 * tags {@code sampling.priority=0} work on our tracer.
 */
@ExtendWith(TestTracerExtension.class)
class ITOpentracingJdbc {

  @BeforeAll
  static void registerTheContribDriver() {
    TracingDriver.load();
  }

  @AfterEach
  void resetTheModulesGlobalSettings() {
    JdbcTracing.setExcludeFastQueryThresholdMs(0);
    JdbcTracing.setSlowQueryThresholdMs(0);
  }

  static int selectOne(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void statements_areSpansWithDbStatement_childOfTheActiveSpan(TestTracer tracer) throws SQLException {
    Span request = tracer.buildSpan("GET /orders").start();
    try (Scope ignored = tracer.activateSpan(request);
        Connection c = DriverManager.getConnection("jdbc:tracing:h2:mem:contrib;DB_CLOSE_DELAY=-1", "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS orders (id INT)");
      s.executeUpdate("INSERT INTO orders VALUES (1)");
    }
    request.finish();

    List<JstVerifySpan> spans = tracer.finishedSpans();
    List<JstVerifySpan> statements =
        spans.stream().filter(sp -> sp.tag("db.statement") != null).collect(Collectors.toList());
    assertEquals(2, statements.size(), spans.toString());
    for (JstVerifySpan statement : statements) {
      assertEquals(request.context().toSpanId(), statement.parentId());
      assertEquals(request.context().toTraceId(), statement.traceId());
      assertEquals("client", statement.tag("span.kind"));
      assertEquals("java-jdbc", statement.tag("component"));
    }
    assertEquals("INSERT INTO orders VALUES (1)", statements.get(1).tag("db.statement"));
    assertEquals(0, tracer.metrics().spansDropped());
  }

  @Test
  void ignoredStatements_activateNoopSpan_andTheCallStillWorks(TestTracer tracer) throws SQLException {
    Span request = tracer.buildSpan("GET /health").start();
    int result;
    try (Scope ignored = tracer.activateSpan(request);
        Connection c =
            DriverManager.getConnection(
                "jdbc:tracing:h2:mem:ignored;DB_CLOSE_DELAY=-1;ignoreForTracing=\"SELECT 1\"", "sa", "")) {
      result = selectOne(c);
      assertSame(request, tracer.activeSpan(), "the module's Noop scope was closed cleanly");
    }
    request.finish();

    assertEquals(1, result);
    assertTrue(
        tracer.finishedSpans().stream().noneMatch(sp -> "SELECT 1".equals(sp.tag("db.statement"))),
        tracer.finishedSpans().toString());
  }

  @Test
  void traceWithActiveSpanOnly_andNoActiveSpan_isNoopAndQuiet(TestTracer tracer) throws SQLException {
    try (Connection c =
        DriverManager.getConnection(
            "jdbc:tracing:h2:mem:activeonly;DB_CLOSE_DELAY=-1;traceWithActiveSpanOnly=true", "sa", "")) {
      assertEquals(1, selectOne(c));
    }
    assertTrue(tracer.finishedSpans().isEmpty(), tracer.finishedSpans().toString());
    assertEquals(0, tracer.metrics().spansStarted());
  }

  @Test
  void fastQueries_taggedSamplingPriorityZero_areNotReported(TestTracer tracer) throws SQLException {
    // The module times a statement only when a slow-query threshold is set; then any statement
    // faster than the exclusion threshold is tagged sampling.priority=0 just before it finishes.
    JdbcTracing.setSlowQueryThresholdMs(120_000);
    JdbcTracing.setExcludeFastQueryThresholdMs(60_000); // every query here is "fast"
    Span request = tracer.buildSpan("GET /fast").start();
    try (Scope ignored = tracer.activateSpan(request);
        Connection c = DriverManager.getConnection("jdbc:tracing:h2:mem:fast;DB_CLOSE_DELAY=-1", "sa", "");
        Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }
    request.finish();

    // Every span the module made (connect, execute) was fast: only the request is reported,
    // and each of the module's spans is counted as unsampled, not lost.
    assertEquals(
        List.of("GET /fast"),
        tracer.finishedSpans().stream().map(JstVerifySpan::operationName).collect(Collectors.toList()));
    assertEquals(
        tracer.metrics().spansStarted() - 1,
        tracer.metrics().spansDropped(DropReason.UNSAMPLED),
        tracer.metrics().toString());
  }
}
