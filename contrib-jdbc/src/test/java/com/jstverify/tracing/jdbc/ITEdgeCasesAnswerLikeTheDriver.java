package com.jstverify.tracing.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.jstverify.tracing.testing.TestTracer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls at the edges of the JDBC contract (null arguments, closed objects) get the driver's own
 * answer through the wrapper: the same value, or the same exception, never one of ours. Each test
 * asks H2 directly and then through the wrapper.
 */
class ITEdgeCasesAnswerLikeTheDriver {
  static final String URL = "jdbc:h2:mem:edge-cases;DB_CLOSE_DELAY=-1";

  final TestTracer tracer = TestTracer.create();
  final JdbcTracing tracing = JdbcTracing.builder().tracer(tracer).build();
  Connection raw;
  Connection connection;

  @BeforeEach
  void setUp() throws SQLException {
    raw = DriverManager.getConnection(URL, "sa", "");
    connection = tracing.connection(raw);
  }

  @AfterEach
  void tearDown() throws SQLException {
    connection.close();
  }

  @Test
  void unwrapNull_throwsTheDriversSqlException_notANullPointerException() throws SQLException {
    assertSameFailure(
        assertThrows(SQLException.class, () -> raw.unwrap(null)),
        assertThrows(SQLException.class, () -> connection.unwrap(null)));
    try (Statement rawStatement = raw.createStatement();
        Statement statement = connection.createStatement()) {
      assertSameFailure(
          assertThrows(SQLException.class, () -> rawStatement.unwrap(null)),
          assertThrows(SQLException.class, () -> statement.unwrap(null)));
    }
  }

  @Test
  void isWrapperForNull_isFalse_asTheDriverSays() throws SQLException {
    assertFalse(raw.isWrapperFor(null), "H2's answer");
    assertFalse(connection.isWrapperFor(null));
    try (Statement statement = connection.createStatement()) {
      assertFalse(statement.isWrapperFor(null));
    }
  }

  @Test
  void dataSource_unwrapAndIsWrapperForNull_answerAsTheDataSourceUnderneath() throws SQLException {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL(URL);
    DataSource traced = tracing.dataSource(h2);

    assertSameFailure(
        assertThrows(SQLException.class, () -> h2.unwrap(null)),
        assertThrows(SQLException.class, () -> traced.unwrap(null)));
    assertFalse(h2.isWrapperFor(null), "H2's answer");
    assertFalse(traced.isWrapperFor(null));
  }

  @Test
  void closedStatement_getConnection_isNull_asTheDriverSays() throws SQLException {
    Statement rawStatement = raw.createStatement();
    rawStatement.close();
    Statement statement = connection.createStatement();
    statement.close();

    assertNull(rawStatement.getConnection(), "H2's answer, which the wrapper must not replace");
    assertNull(statement.getConnection());
  }

  /** The wrapper threw what the driver throws: same class, same SQL state, same error code. */
  static void assertSameFailure(SQLException driver, SQLException wrapper) {
    assertEquals(driver.getClass(), wrapper.getClass());
    assertEquals(driver.getSQLState(), wrapper.getSQLState());
    assertEquals(driver.getErrorCode(), wrapper.getErrorCode());
  }
}
