package com.jstverify.tracing.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Behind a traced {@link Statement}, {@code PreparedStatement} or {@code CallableStatement}: each
 * {@code execute*} call is a span; batches remember their SQL so the batch span can name it.
 */
final class TracingStatementHandler extends WrapperHandler<Statement> {
  /** A batch of plain statements keeps at most this many SQL texts (for the span only). */
  private static final int MAX_BATCH_SQL = 16;

  private final String preparedSql;
  private final Connection connectionProxy;
  private final ConnectionInfo info;
  private final JdbcTracing tracing;
  private final List<String> batchSql = new ArrayList<>(0);
  private int batchCount;

  private TracingStatementHandler(
      Statement delegate,
      String preparedSql,
      Connection connectionProxy,
      ConnectionInfo info,
      JdbcTracing tracing) {
    super(delegate, "TracingStatement");
    this.preparedSql = preparedSql;
    this.connectionProxy = connectionProxy;
    this.info = info;
    this.tracing = tracing;
  }

  static Statement wrap(
      Statement delegate,
      Class<? extends Statement> kind,
      String preparedSql,
      Connection connectionProxy,
      ConnectionInfo info,
      JdbcTracing tracing) {
    if (delegate == null) return null;
    TracingStatementHandler handler =
        new TracingStatementHandler(delegate, preparedSql, connectionProxy, info, tracing);
    return (Statement)
        Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {kind}, handler);
  }

  @Override
  Object invokeTraced(Object self, Method method, Object[] args) throws Throwable {
    String name = method.getName();
    switch (name) {
      case "execute":
      case "executeQuery":
      case "executeUpdate":
      case "executeLargeUpdate":
        String sql = args != null && args.length > 0 && args[0] instanceof String
            ? (String) args[0]
            : preparedSql;
        return StatementSpans.trace(
            tracing, info, SqlSanitizer.verbOf(sql), sql, 0, () -> call(method, args));
      case "addBatch":
        Object result = call(method, args);
        batchCount++;
        if (args != null && args.length == 1 && args[0] instanceof String
            && batchSql.size() < MAX_BATCH_SQL) {
          batchSql.add((String) args[0]);
        }
        return result;
      case "clearBatch":
        batchSql.clear();
        batchCount = 0;
        return call(method, args);
      case "executeBatch":
      case "executeLargeBatch":
        String batchStatement =
            preparedSql != null ? preparedSql : (batchSql.isEmpty() ? null : String.join(";\n", batchSql));
        String verb = preparedSql != null ? SqlSanitizer.verbOf(preparedSql) : "BATCH";
        int size = batchCount;
        batchSql.clear();
        batchCount = 0;
        return StatementSpans.trace(
            tracing, info, verb, batchStatement, size, () -> call(method, args));
      case "getConnection":
        // The driver answers first: a closed statement may give null (H2) or throw, and then so
        // do we. Only a connection it does give is replaced by the traced one.
        return call(method, args) == null ? null : connectionProxy;
      default:
        return call(method, args);
    }
  }
}
