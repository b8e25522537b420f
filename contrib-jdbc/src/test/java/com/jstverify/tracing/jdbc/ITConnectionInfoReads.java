package com.jstverify.tracing.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.testing.TestTracer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * What reading a connection's URL and user costs each checkout. Some drivers (Oracle, SQL
 * Server) answer {@code DatabaseMetaData.getUserName()} with a query: here H2 answers, and a
 * recording layer counts the calls or makes them fail.
 */
class ITConnectionInfoReads {
  private final TestTracer tracer = TestTracer.create();
  private final JdbcTracing tracing = JdbcTracing.builder().tracer(tracer).build();

  @Test
  void aPooledConnection_isAskedItsUserOnce_notOnEveryCheckout() throws Exception {
    RecordingDataSource recording = new RecordingDataSource(h2("checkouts"), false);
    HikariConfig config = new HikariConfig();
    config.setDataSource(recording.proxy());
    config.setMaximumPoolSize(1);
    try (HikariDataSource pool = new HikariDataSource(config)) {
      DataSource traced = tracing.dataSource(pool);
      for (int i = 0; i < 3; i++) {
        try (Connection c = traced.getConnection(); Statement s = c.createStatement()) {
          s.execute("SELECT 1");
        }
      }
    }

    assertEquals(1, recording.userNameCalls.get(), "one question per physical connection");
    assertEquals(3, tracer.finishedSpans().size());
    for (JstVerifySpan span : tracer.finishedSpans()) {
      assertEquals("SA", span.tag("db.user"));
      assertEquals("checkouts", span.tag("db.instance"));
    }
  }

  @Test
  void twoUsersOfOneDatabase_throughOneDataSource_areEachNamed() throws Exception {
    // A routing data source (per tenant, per read-only role...): one URL, two users.
    // The same URL for both (no DB_CLOSE_DELAY, which only an admin may set): an open
    // connection keeps the in-memory database alive instead.
    JdbcDataSource admin = new JdbcDataSource();
    admin.setURL("jdbc:h2:mem:shared");
    admin.setUser("sa");
    Connection keepAlive = admin.getConnection();
    try (Statement s = keepAlive.createStatement()) {
      s.execute("CREATE USER IF NOT EXISTS REPORTER PASSWORD 'r'");
    }
    JdbcDataSource reporter = new JdbcDataSource();
    reporter.setURL("jdbc:h2:mem:shared");
    reporter.setUser("reporter");
    reporter.setPassword("r");
    boolean[] asReporter = {false};
    DataSource routing =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (self, method, args) -> {
                  DataSource target = asReporter[0] ? reporter : admin;
                  try {
                    return method.invoke(target, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    DataSource traced = tracing.dataSource(routing);

    try (Connection c = traced.getConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }
    asReporter[0] = true;
    try (Connection c = traced.getConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }

    keepAlive.close();

    assertEquals("SA", tracer.finishedSpans().get(0).tag("db.user"));
    assertEquals("REPORTER", tracer.finishedSpans().get(1).tag("db.user"));
  }

  @Test
  void aDriverThatCannotTellTheUser_stillGivesTheDatabase() throws Exception {
    RecordingDataSource recording = new RecordingDataSource(h2("nouser"), true);
    DataSource traced = tracing.dataSource(recording.proxy());

    try (Connection c = traced.getConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT 1");
    }

    JstVerifySpan span = tracer.finishedSpans().get(0);
    assertEquals("h2 SELECT", span.operationName());
    assertEquals("nouser", span.tag("db.instance"));
    assertEquals("h2/nouser", span.tag("peer.service"));
  }

  private static DataSource h2(String name) {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    h2.setUser("sa");
    return h2;
  }

  /** Real H2 connections, with DatabaseMetaData.getUserName() counted (and failing if asked). */
  private static final class RecordingDataSource {
    final DataSource h2;
    final boolean userNameFails;
    final AtomicInteger userNameCalls = new AtomicInteger();

    RecordingDataSource(DataSource h2, boolean userNameFails) {
      this.h2 = h2;
      this.userNameFails = userNameFails;
    }

    DataSource proxy() {
      return recording(DataSource.class, h2);
    }

    private <T> T recording(Class<T> type, T real) {
      Object proxy =
          Proxy.newProxyInstance(
              type.getClassLoader(),
              new Class<?>[] {type},
              (self, method, args) -> {
                if (method.getName().equals("equals")) return self == args[0];
                if (method.getName().equals("hashCode")) return System.identityHashCode(self);
                if (method.getName().equals("getUserName")) {
                  userNameCalls.incrementAndGet();
                  if (userNameFails) throw new SQLException("not supported by this driver");
                }
                Object result;
                try {
                  result = method.invoke(real, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
                if (result instanceof Connection) return recording(Connection.class, (Connection) result);
                if (result instanceof DatabaseMetaData) {
                  return recording(DatabaseMetaData.class, (DatabaseMetaData) result);
                }
                return result;
              });
      return type.cast(proxy);
    }
  }
}
