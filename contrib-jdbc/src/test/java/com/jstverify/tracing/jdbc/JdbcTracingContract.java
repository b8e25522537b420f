package com.jstverify.tracing.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.log.Fields;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What JDBC tracing must do on any real database. Subclasses open a connection to one.
 */
abstract class JdbcTracingContract {
  final TestTracer tracer = TestTracer.create();
  Connection raw;
  Connection connection;

  /** A new connection to an empty schema of the database under test. */
  abstract Connection openConnection() throws SQLException;

  /** {@code db.type} and the first word of the operation name. */
  abstract String dbType();

  JdbcTracing tracing() {
    return JdbcTracing.builder().tracer(tracer).build();
  }

  @BeforeEach
  void setUp() throws SQLException {
    raw = openConnection();
    try (Statement s = raw.createStatement()) {
      s.execute("DROP TABLE IF EXISTS items");
      s.execute("CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(100))");
    }
    connection = tracing().connection(raw);
  }

  @AfterEach
  void tearDown() throws SQLException {
    if (connection != null) connection.close(); // null when the database was not available
  }

  JstVerifySpan onlySpan() {
    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(1, spans.size(), spans.toString());
    return spans.get(0);
  }

  @Test
  void statement_isAClientSpan_childOfTheActiveSpan_withDatabaseTags() throws SQLException {
    Span request = tracer.buildSpan("GET /items").start();
    try (Scope ignored = tracer.activateSpan(request);
        Statement s = connection.createStatement()) {
      s.executeUpdate("INSERT INTO items VALUES (1, 'secret-name')");
    }
    request.finish();

    JstVerifySpan span = tracer.finishedSpans().get(0);
    assertEquals(dbType() + " INSERT", span.operationName());
    assertEquals(request.context().toSpanId(), span.parentId());
    assertEquals("client", span.tag("span.kind"));
    assertEquals("java-jdbc", span.tag("component"));
    assertEquals(dbType(), span.tag("db.type"));
    assertEquals("INSERT INTO items VALUES (?, ?)", span.tag("db.statement"));
    assertTrue(span.tag("db.instance") != null);
    assertTrue(span.tag("db.user") != null);
    assertTrue(((String) span.tag("peer.service")).startsWith(dbType()));
    assertEquals(1, span.tag("db.rows_affected"));
  }

  @Test
  void backslashClosingAStringLiteral_isNoEscape_soTheNextLiteralIsStillHidden()
      throws SQLException {
    // Standard SQL (H2, PostgreSQL): 'C:\' is a complete literal; 'hunter2' is a second one.
    try (Statement s = connection.createStatement()) {
      s.executeUpdate("UPDATE items SET name = 'C:\\' WHERE name = 'hunter2'");
    }
    assertEquals("UPDATE items SET name = ? WHERE name = ?", onlySpan().tag("db.statement"));
  }

  @Test
  void veryLongStatement_isShippedCut_toABoundedLength() throws SQLException {
    StringBuilder sql = new StringBuilder("SELECT name FROM items WHERE id IN (0");
    for (int i = 1; i < 20_000; i++) sql.append(", ").append(i);
    try (Statement s = connection.createStatement()) {
      s.executeQuery(sql.append(')').toString()).close();
    }
    String shipped = (String) onlySpan().tag("db.statement");
    assertTrue(shipped.startsWith("SELECT name FROM items WHERE id IN (?, ?, ?"), shipped);
    assertTrue(shipped.length() <= StatementSpans.MAX_STATEMENT_CHARS + 3, "" + shipped.length());
  }

  @Test
  void preparedStatement_query_isTraced_andResultsAreUnchanged() throws SQLException {
    try (Statement s = raw.createStatement()) {
      s.executeUpdate("INSERT INTO items VALUES (7, 'seven')");
    }
    String name;
    try (PreparedStatement ps = connection.prepareStatement("SELECT name FROM items WHERE id = ?")) {
      ps.setInt(1, 7);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        name = rs.getString(1);
      }
      assertSame(connection, ps.getConnection(), "statements hand back the traced connection");
    }

    assertEquals("seven", name);
    JstVerifySpan span = onlySpan();
    assertEquals(dbType() + " SELECT", span.operationName());
    assertEquals("SELECT name FROM items WHERE id = ?", span.tag("db.statement"));
  }

  @Test
  void batches_areOneSpanWithTheirSize() throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO items VALUES (?, ?)")) {
      for (int i = 0; i < 3; i++) {
        ps.setInt(1, i);
        ps.setString(2, "n" + i);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    try (Statement s = connection.createStatement()) {
      s.addBatch("UPDATE items SET name = 'a' WHERE id = 0");
      s.addBatch("DELETE FROM items WHERE id = 1");
      s.executeBatch();
    }

    List<JstVerifySpan> spans = tracer.finishedSpans();
    assertEquals(2, spans.size());
    assertEquals(dbType() + " INSERT", spans.get(0).operationName());
    assertEquals(3, spans.get(0).tag("db.batch_size"));
    assertEquals(3L, spans.get(0).tag("db.rows_affected"));
    assertEquals(dbType() + " BATCH", spans.get(1).operationName());
    assertEquals(
        "UPDATE items SET name = ? WHERE id = ?;\nDELETE FROM items WHERE id = ?",
        spans.get(1).tag("db.statement"));
  }

  @Test
  void transactions_commitAndRollbackAreSpans() throws SQLException {
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      s.executeUpdate("INSERT INTO items VALUES (1, 'kept')");
      connection.commit();
      s.executeUpdate("INSERT INTO items VALUES (2, 'undone')");
      connection.rollback();
    }
    connection.setAutoCommit(true);

    List<String> names = tracer.finishedSpans().stream().map(JstVerifySpan::operationName).collect(java.util.stream.Collectors.toList());
    assertEquals(
        List.of(dbType() + " INSERT", dbType() + " COMMIT", dbType() + " INSERT", dbType() + " ROLLBACK"),
        names);
    try (Statement s = raw.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM items")) {
      rs.next();
      assertEquals(1, rs.getInt(1));
    }
  }

  @Test
  void sqlException_isRethrownUnchanged_andTheSpanIsAnError() throws SQLException {
    SQLException thrown;
    try (Statement s = connection.createStatement()) {
      thrown = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM no_such_table"));
    }
    SQLException direct;
    try (Statement s = raw.createStatement()) {
      direct = assertThrows(SQLException.class, () -> s.executeQuery("SELECT * FROM no_such_table"));
    }

    assertEquals(direct.getClass(), thrown.getClass());
    assertEquals(direct.getSQLState(), thrown.getSQLState());
    JstVerifySpan span = onlySpan();
    assertEquals(Boolean.TRUE, span.tag("error"));
    assertSame(thrown, span.logEntries().get(0).fields().get(Fields.ERROR_OBJECT));
  }

  @Test
  void traceWithActiveSpanOnly_skipsCallsOutsideARequest() throws SQLException {
    Connection onlyInRequests =
        JdbcTracing.builder().tracer(tracer).traceWithActiveSpanOnly(true).build().connection(raw);
    try (Statement s = onlyInRequests.createStatement()) {
      s.execute("SELECT 1");
      Span request = tracer.buildSpan("request").start();
      try (Scope ignored = tracer.activateSpan(request)) {
        s.execute("SELECT 2");
      }
      request.finish();
    }
    assertEquals(2, tracer.finishedSpans().size(), "the request and its one query");
  }

  @Test
  void ignoredStatements_andSlowQueries_andRawStatements() throws SQLException {
    Connection configured =
        JdbcTracing.builder()
            .tracer(tracer)
            .ignoreStatement("SELECT 1")
            .slowQueryThreshold(Duration.ZERO)
            .sanitizeStatements(false)
            .build()
            .connection(raw);
    try (Statement s = configured.createStatement()) {
      s.execute("SELECT 1");
      s.execute("SELECT 'visible'");
    }
    JstVerifySpan span = onlySpan();
    assertEquals("SELECT 'visible'", span.tag("db.statement"));
    assertEquals(Boolean.TRUE, span.tag("db.slow_query"));
  }

  @Test
  void slowQueryThresholdBeyondLongNanos_meansNeverSlow_andBuilds() throws SQLException {
    Connection never =
        JdbcTracing.builder()
            .tracer(tracer)
            .slowQueryThreshold(Duration.ofSeconds(Long.MAX_VALUE))
            .build()
            .connection(raw);
    try (Statement s = never.createStatement()) {
      s.execute("SELECT 1");
    }
    assertNull(onlySpan().tag("db.slow_query"));
  }

  @Test
  void unwrapAndIsWrapperFor_seeThroughTheWrapper() throws SQLException {
    assertTrue(connection.isWrapperFor(raw.getClass()));
    assertSame(raw, connection.unwrap(raw.getClass()));
    assertSame(connection, connection.unwrap(Connection.class));
    try (Statement s = connection.createStatement()) {
      assertTrue(s.isWrapperFor(Statement.class));
      assertFalse(s.isWrapperFor(String.class));
    }
    assertSame(connection, tracing().connection(connection), "never wrapped twice");
    assertNull(tracer.activeSpan());
  }
}
