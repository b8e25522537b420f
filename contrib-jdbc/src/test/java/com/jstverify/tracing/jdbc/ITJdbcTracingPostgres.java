package com.jstverify.tracing.jdbc;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The JDBC tracing contract on a real PostgreSQL server. {@code .ci/run} installs and starts one
 * on loopback and passes its URL in {@code JSTVERIFY_TEST_POSTGRES_URL}; without it the suite is
 * skipped, saying so.
 */
class ITJdbcTracingPostgres extends JdbcTracingContract {
  static final String URL = System.getenv("JSTVERIFY_TEST_POSTGRES_URL");

  @Override
  Connection openConnection() throws SQLException {
    assumeTrue(
        URL != null && !URL.isEmpty(),
        "PostgreSQL suite skipped: JSTVERIFY_TEST_POSTGRES_URL is not set (.ci/run starts a"
            + " server and sets it; run 'bash .ci/postgres.sh' to do the same by hand)");
    return DriverManager.getConnection(URL);
  }

  @Override
  String dbType() {
    return "postgresql";
  }
}
