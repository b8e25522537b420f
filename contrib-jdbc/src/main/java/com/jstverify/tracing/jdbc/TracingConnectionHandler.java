package com.jstverify.tracing.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
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
final class TracingConnectionHandler implements InvocationHandler {
  private final Connection delegate;
  private final ConnectionInfo info;
  private final JdbcTracing tracing;
  private Connection proxy;

  private TracingConnectionHandler(Connection delegate, ConnectionInfo info, JdbcTracing tracing) {
    this.delegate = delegate;
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
  public Object invoke(Object self, Method method, Object[] args) throws Throwable {
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
      case "unwrap":
        Class<?> iface = (Class<?>) args[0];
        if (iface.isInstance(self)) return self;
        if (iface.isInstance(delegate)) return delegate;
        return delegate.unwrap(iface);
      case "isWrapperFor":
        Class<?> wanted = (Class<?>) args[0];
        return wanted.isInstance(self) || wanted.isInstance(delegate) || delegate.isWrapperFor(wanted);
      case "equals":
        return self == args[0];
      case "hashCode":
        return System.identityHashCode(self);
      case "toString":
        return "TracingConnection{" + delegate + "}";
      default:
        return call(method, args);
    }
  }

  private Object call(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause(); // the driver's own exception, unchanged
    }
  }
}
