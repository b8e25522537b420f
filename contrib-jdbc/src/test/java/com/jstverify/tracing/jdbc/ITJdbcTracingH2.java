package com.jstverify.tracing.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The JDBC tracing contract on H2, in memory. */
class ITJdbcTracingH2 extends JdbcTracingContract {
  @Override
  Connection openConnection() throws SQLException {
    return DriverManager.getConnection("jdbc:h2:mem:contract;DB_CLOSE_DELAY=-1", "sa", "");
  }

  @Override
  String dbType() {
    return "h2";
  }
}
