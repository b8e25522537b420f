package com.jstverify.tracing.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} whose connections are traced. Made by {@link JdbcTracing#wrap(DataSource)}.
 * {@link #unwrap} and {@link #isWrapperFor} see through it, as pools and JPA providers expect.
 */
public final class TracingDataSource implements DataSource {
  private final DataSource delegate;
  private final JdbcTracing tracing;
  private final TracingConnectionHandler.UsersByConnection users =
      new TracingConnectionHandler.UsersByConnection();

  TracingDataSource(DataSource delegate, JdbcTracing tracing) {
    this.delegate = delegate;
    this.tracing = tracing;
  }

  /** The data source underneath. */
  public DataSource delegate() {
    return delegate;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return tracing.connection(delegate.getConnection(), users);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return tracing.connection(delegate.getConnection(username, password), users);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    // null is the delegate's to answer (H2 throws an SQLException), not a NullPointerException of
    // ours: the wrapper behaves as the data source it wraps.
    if (iface != null && iface.isInstance(this)) return iface.cast(this);
    if (iface != null && iface.isInstance(delegate)) return iface.cast(delegate);
    return delegate.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    if (iface == null) return delegate.isWrapperFor(null);
    return iface.isInstance(this) || iface.isInstance(delegate) || delegate.isWrapperFor(iface);
  }

  @Override
  public String toString() {
    return "TracingDataSource{" + delegate + "}";
  }
}
