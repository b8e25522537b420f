package com.jstverify.tracing.jdbc;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * Turns tracing on by configuration alone: a JDBC URL {@code jdbc:jstverify:<real url>} opens the
 * real URL through its own driver and traces the connection with {@link
 * io.opentracing.util.GlobalTracer}. Registered with {@link DriverManager} as a service.
 *
 * <pre>{@code
 * spring.datasource.url=jdbc:jstverify:postgresql://db:5432/orders
 * }</pre>
 */
public final class TracingDriver implements Driver {
  /** What a traced URL starts with. */
  public static final String URL_PREFIX = "jdbc:jstverify:";

  private static final TracingDriver INSTANCE = new TracingDriver();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The real URL behind a traced one, or {@code null} when {@code url} is not ours. */
  static String realUrl(String url) {
    if (url == null || !url.regionMatches(true, 0, URL_PREFIX, 0, URL_PREFIX.length())) {
      return null;
    }
    return "jdbc:" + url.substring(URL_PREFIX.length());
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    String real = realUrl(url);
    if (real == null) return null; // the DriverManager contract: not our URL
    return JdbcTracing.wrap(DriverManager.getConnection(real, info));
  }

  @Override
  public boolean acceptsURL(String url) {
    return realUrl(url) != null;
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    String real = realUrl(url);
    if (real == null) return new DriverPropertyInfo[0];
    return DriverManager.getDriver(real).getPropertyInfo(real, info);
  }

  @Override
  public int getMajorVersion() {
    return 1;
  }

  @Override
  public int getMinorVersion() {
    return 0;
  }

  @Override
  public boolean jdbcCompliant() {
    return false; // compliance is the real driver's
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return Logger.getLogger("com.jstverify.tracing.jdbc");
  }
}
