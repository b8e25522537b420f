package com.jstverify.tracing.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import com.jstverify.tracing.testing.TestTracerExtension;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.util.GlobalTracer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Tracing by configuration alone, and a real pool (HikariCP) on either side of it. */
@ExtendWith(TestTracerExtension.class)
class ITPoolAndDriver {

  @Test
  void jdbcUrl_jstverifyPrefix_tracesWithTheGlobalTracer(TestTracer tracer) throws Exception {
    Span request = GlobalTracer.get().buildSpan("GET /stock").start();
    try (Scope ignored = GlobalTracer.get().activateSpan(request);
        Connection c = DriverManager.getConnection("jdbc:jstverify:h2:mem:driver;DB_CLOSE_DELAY=-1", "sa", "");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS stock (sku VARCHAR(10))");
    }
    request.finish();

    JstVerifySpan span = tracer.finishedSpans().get(0);
    assertEquals("h2 CREATE", span.operationName());
    assertEquals(request.context().toSpanId(), span.parentId());
    assertEquals("driver", span.tag("db.instance"));
  }

  @Test
  void hikariOverTheTracingDriver_unwrapsToTheRealConnection(TestTracer tracer) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:jstverify:h2:mem:pooled;DB_CLOSE_DELAY=-1");
    config.setUsername("sa");
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config);
        Connection c = pool.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 40 + 2")) {
      rs.next();
      assertEquals(42, rs.getInt(1));
      assertTrue(c.isWrapperFor(JdbcConnection.class));
      assertTrue(c.unwrap(JdbcConnection.class) instanceof JdbcConnection);
    }
    assertTrue(
        tracer.finishedSpans().stream().anyMatch(sp -> sp.operationName().equals("h2 SELECT")));
  }

  @Test
  void tracingOverAPoolOverTheTracingDriver_tracesEachStatementOnce(TestTracer tracer)
      throws Exception {
    // Both ways of tracing configured at once: the jdbc:jstverify: URL and a wrapped pool.
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:jstverify:h2:mem:twice;DB_CLOSE_DELAY=-1");
    config.setUsername("sa");
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      DataSource traced = JdbcTracing.wrap(pool);
      try (Connection c = traced.getConnection(); Statement s = c.createStatement()) {
        s.execute("SELECT 1");
      }
    }
    assertEquals(1, tracer.finishedSpans().size(), tracer.finishedSpans().toString());
  }

  @Test
  void tracingOverAHikariPool_unwrapsToThePool(TestTracer tracer) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:wrapped;DB_CLOSE_DELAY=-1");
    config.setUsername("sa");
    config.setMaximumPoolSize(2);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      DataSource traced = JdbcTracing.wrap(pool);
      assertSame(pool, traced.unwrap(HikariDataSource.class));
      assertTrue(traced.isWrapperFor(HikariDataSource.class));
      try (Connection c = traced.getConnection(); Statement s = c.createStatement()) {
        s.execute("SELECT 1");
        assertTrue(c.isWrapperFor(JdbcConnection.class), "pool proxy and H2 connection underneath");
      }
    }
    assertEquals(1, tracer.finishedSpans().size());
    assertEquals("h2 SELECT", tracer.finishedSpans().get(0).operationName());
  }
}
