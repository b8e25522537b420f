package com.jstverify.tracing.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

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

  static Connection wrap(Connection delegate, ConnectionInfo info, JdbcTracing tracing) {
    TracingConnectionHandler handler = new TracingConnectionHandler(delegate, info, tracing);
    handler.proxy =
        (Connection)
            Proxy.newProxyInstance(
                // The loader of the package-private marker, which must define the proxy class.
                TracedConnection.class.getClassLoader(),
                new Class<?>[] {TracedConnection.class},
                handler);
    return handler.proxy;
  }

  /**
   * The URL and user, read once per connection; a driver that fails here is not fatal, and one
   * that cannot tell the user still gives the database. {@code users}, when given, answers for
   * the user of a physical connection asked before: some drivers (Oracle, SQL Server) ask the
   * database, which every checkout from a pool would otherwise pay.
   */
  static ConnectionInfo readInfo(Connection connection, UsersByConnection users) {
    DatabaseMetaData meta;
    try {
      meta = connection.getMetaData();
    } catch (SQLException | RuntimeException e) {
      return ConnectionInfo.UNKNOWN;
    }
    String url = null;
    try {
      url = meta.getURL();
    } catch (SQLException | RuntimeException e) {
      // the database stays unknown; the user may still be told
    }
    Object physical = users == null ? null : physicalOf(connection);
    String user = physical == null ? null : users.get(physical);
    if (user == null) {
      try {
        user = meta.getUserName();
      } catch (SQLException | RuntimeException e) {
        // no db.user
      }
      if (physical != null && user != null) users.put(physical, user);
    }
    return ConnectionInfo.parse(url).withUser(user);
  }

  // The driver's connection under a pool's wrapper (a new wrapper each checkout, the same
  // physical connection), or null when the pool cannot say.
  private static Object physicalOf(Connection connection) {
    try {
      return connection.unwrap(Connection.class);
    } catch (SQLException | RuntimeException | LinkageError e) {
      return null;
    }
  }

  /**
   * The user of each physical connection a data source's checkouts had. Keyed by the connection,
   * not its URL: a routing data source may reach one URL as several users. Weak keys: a connection
   * the pool has closed is forgotten with it.
   */
  static final class UsersByConnection {
    private final Map<Object, String> users = Collections.synchronizedMap(new WeakHashMap<>());

    String get(Object physical) {
      return users.get(physical);
    }

    void put(Object physical, String user) {
      users.put(physical, user);
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
