package com.jstverify.tracing.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Behind a traced {@link Connection}: statements it creates are traced, {@code commit} and
 * {@code rollback} get their own spans, everything else goes straight to the real connection.
 * A dynamic proxy rather than a hand-written wrapper: JDBC interfaces grow with each Java
 * release, and only a handful of their methods need tracing.
 */
final class TracingConnectionHandler extends WrapperHandler<Connection> {
  private final ConnectionInfo info;
  private final JdbcTracing tracing;
  private Connection proxy;

  private TracingConnectionHandler(Connection delegate, ConnectionInfo info, JdbcTracing tracing) {
    super(delegate, "TracingConnection");
    this.info = info;
    this.tracing = tracing;
  }

  static Connection wrap(Connection delegate, JdbcTracing tracing) {
    TracingConnectionHandler handler =
        new TracingConnectionHandler(delegate, readInfo(delegate), tracing);
    handler.proxy =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    return handler.proxy;
  }

  /** The URL and user, read once per connection; a driver that fails here is not fatal. */
  private static ConnectionInfo readInfo(Connection connection) {
    try {
      java.sql.DatabaseMetaData meta = connection.getMetaData();
      return ConnectionInfo.parse(meta.getURL()).withUser(meta.getUserName());
    } catch (SQLException | RuntimeException e) {
      return ConnectionInfo.UNKNOWN;
    }
  }

  @Override
  Object invokeTraced(Object self, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    switch (name) {
      case "createStatement":
        return TracingStatementHandler.wrap(
            (Statement) call(method, args), Statement.class, null, proxy, info, tracing);
      case "prepareStatement":
        return TracingStatementHandler.wrap(
            (Statement) call(method, args),
            PreparedStatement.class,
            (String) args[0],
            proxy,
            info,
            tracing);
      case "prepareCall":
        return TracingStatementHandler.wrap(
            (Statement) call(method, args),
            CallableStatement.class,
            (String) args[0],
            proxy,
            info,
            tracing);
      case "commit":
      case "rollback":
        return StatementSpans.trace(
            tracing, info, name.toUpperCase(java.util.Locale.ROOT), null, 0, () -> call(method, args));
      default:
        return call(method, args);
    }
  }
}
