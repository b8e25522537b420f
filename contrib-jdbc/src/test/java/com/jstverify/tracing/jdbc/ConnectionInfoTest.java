package com.jstverify.tracing.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectionInfoTest {

  static Stream<Arguments> urls() {
    return Stream.of(
        Arguments.of("jdbc:postgresql://db.internal:5432/orders?ssl=true", "postgresql", "orders", "db.internal", 5432),
        Arguments.of("jdbc:postgresql://localhost/orders", "postgresql", "orders", "localhost", -1),
        Arguments.of("jdbc:h2:mem:inventory;DB_CLOSE_DELAY=-1", "h2", "inventory", null, -1),
        Arguments.of("jdbc:h2:tcp://localhost:9092/~/test", "h2", "test", "localhost", 9092),
        Arguments.of("jdbc:h2:./data/shop", "h2", "shop", null, -1),
        Arguments.of("jdbc:mysql://user:pw@h1:3306,h2:3307/app", "mysql", "app", "h1", 3306),
        Arguments.of("jdbc:sqlserver://sql:1433;databaseName=crm", "sqlserver", "crm", "sql", 1433),
        Arguments.of(
            "jdbc:mysql://address=(host=h1)(port=3306)(user=u)(password=secret)/app",
            "mysql", "app", "h1", 3306),
        Arguments.of("jdbc:mysql://(host=h1,port=3307,password=p@ss)/app", "mysql", "app", "h1", 3307),
        Arguments.of("jdbc:oracle:thin:@db.internal:1521:ORCL", "oracle", "ORCL", "db.internal", 1521),
        Arguments.of("jdbc:oracle:thin:scott/tiger@//db.internal:1521/sales", "oracle", "sales", "db.internal", 1521),
        Arguments.of("jdbc:oracle:thin:scott/tiger@db.internal/sales", "oracle", "sales", "db.internal", -1),
        Arguments.of("jdbc:oracle:thin:scott/tiger@mydb_high?TNS_ADMIN=/wallet", "oracle", "mydb_high", null, -1),
        Arguments.of(
            "jdbc:oracle:thin:scott/tiger@(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=db.internal)(PORT=1521))"
                + "(CONNECT_DATA=(SERVICE_NAME=sales)))",
            "oracle", "sales", "db.internal", 1521),
        Arguments.of("not a url", "sql", null, null, -1),
        Arguments.of(null, "sql", null, null, -1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:oracle:thin:scott/tiger@localhost",
        "jdbc:oracle:thin:scott/tiger@mydb_high?TNS_ADMIN=/wallet",
        "jdbc:oracle:thin:scott/tiger@(DESCRIPTION=(ADDRESS=(HOST=h)(PORT=1521))(CONNECT_DATA=(SID=x)))"
      })
  void oracleUrl_withCredentials_neverShowsThePassword(String url) {
    ConnectionInfo info = ConnectionInfo.parse(url);
    for (String shipped : new String[] {info.instance, info.host, info.peerService()}) {
      assertFalse(shipped != null && shipped.contains("tiger"), shipped);
    }
  }

  @ParameterizedTest
  @MethodSource("urls")
  void parse_readsTypeInstanceHostAndPort(
      String url, String type, String instance, String host, int port) {
    ConnectionInfo info = ConnectionInfo.parse(url);
    assertEquals(type, info.dbType);
    assertEquals(instance, info.instance);
    assertEquals(host, info.host);
    assertEquals(port, info.port);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:clickhouse://ch.internal:8123/events",
        "jdbc:snowflake://acme.snowflakecomputing.com/?db=sales",
        "jdbc:singlestore://s2.internal:3306/app",
        "jdbc:databricks://dbc.cloud.databricks.com:443/default",
        "jdbc:mysql://db.internal:3306/app",
        "not a url"
      })
  void aDatabaseNotKnownToBeStandardSql_isReadWithBackslashEscapes_soNoLiteralIsShipped(
      String url) {
    // ClickHouse, Snowflake, SingleStore, Databricks escape with a backslash as MySQL does:
    // read as standard SQL, 'it\'s' would end early and the next literal would be shipped.
    ConnectionInfo info = ConnectionInfo.parse(url);
    assertTrue(info.backslashEscapes(), info.dbType);
    String sanitized =
        SqlSanitizer.sanitize(
            "SELECT * FROM t WHERE a = 'it\\'s' AND b = 'hunter2'", info.backslashEscapes());
    assertFalse(sanitized.contains("hunter2"), sanitized);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "jdbc:h2:mem:inventory",
        "jdbc:postgresql://db.internal:5432/orders",
        "jdbc:oracle:thin:@db.internal:1521:ORCL",
        "jdbc:sqlserver://sql:1433;databaseName=crm"
      })
  void aStandardSqlDatabase_isReadWithoutBackslashEscapes(String url) {
    assertFalse(ConnectionInfo.parse(url).backslashEscapes(), url);
  }
}
