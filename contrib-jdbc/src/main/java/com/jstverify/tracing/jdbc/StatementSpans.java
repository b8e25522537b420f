package com.jstverify.tracing.jdbc;

import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.log.Fields;
import io.opentracing.tag.Tags;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs one database call inside a client span. Tracing never changes the call: the driver's
 * result or exception comes back unchanged, and a failure of the tracer itself only costs the
 * span.
 */
final class StatementSpans {
  private static final Logger LOG = Logger.getLogger(StatementSpans.class.getName());
  static final String COMPONENT = "java-jdbc";
  /**
   * {@code db.statement} is cut after this many characters (and ends with {@code ...}): a
   * statement with a generated IN list of thousands of values would otherwise be held, whole, by
   * every span until it is reported.
   */
  static final int MAX_STATEMENT_CHARS = 4096;

  private StatementSpans() {}

  /** A database call that may throw what the driver throws. */
  interface Call {
    Object run() throws Throwable;
  }

  static Object trace(
      JdbcTracing tracing, ConnectionInfo info, String verb, String sql, int batchSize, Call call)
      throws Throwable {
    if (sql != null && tracing.ignoredStatements.contains(sql)) return call.run();
    Span span = start(tracing, info, verb, sql, batchSize);
    if (span == null) return call.run();
    long startNanos = System.nanoTime();
    try {
      Object result = call.run();
      tagRows(span, result);
      return result;
    } catch (Throwable t) {
      tagError(span, t);
      throw t;
    } finally {
      finish(tracing, span, startNanos);
    }
  }

  private static Span start(
      JdbcTracing tracing, ConnectionInfo info, String verb, String sql, int batchSize) {
    try {
      Tracer tracer = tracing.tracer();
      if (tracing.traceWithActiveSpanOnly && tracer.activeSpan() == null) return null;
      Tracer.SpanBuilder builder =
          tracer
              .buildSpan(info.dbType + " " + verb)
              .withTag(Tags.SPAN_KIND, Tags.SPAN_KIND_CLIENT)
              .withTag(Tags.COMPONENT, COMPONENT)
              .withTag(Tags.DB_TYPE, info.dbType)
              .withTag(Tags.PEER_SERVICE, info.peerService());
      if (info.instance != null) builder.withTag(Tags.DB_INSTANCE, info.instance);
      if (info.user != null) builder.withTag(Tags.DB_USER, info.user);
      if (info.host != null) builder.withTag(Tags.PEER_HOSTNAME, info.host);
      if (info.port > 0) builder.withTag(Tags.PEER_PORT, info.port);
      if (sql != null) {
        builder.withTag(
            Tags.DB_STATEMENT,
            bounded(
                tracing.sanitizeStatements
                    ? SqlSanitizer.sanitize(sql, info.backslashEscapes())
                    : sql));
      }
      if (batchSize > 0) builder.withTag("db.batch_size", batchSize);
      return builder.start();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not start a JDBC span", e);
      return null;
    }
  }

  /** At most {@link #MAX_STATEMENT_CHARS}, cut after sanitizing so no literal is half-kept. */
  private static String bounded(String statement) {
    if (statement.length() <= MAX_STATEMENT_CHARS) return statement;
    int end = MAX_STATEMENT_CHARS;
    if (Character.isHighSurrogate(statement.charAt(end - 1))) end--; // whole characters only
    return statement.substring(0, end) + "...";
  }

  private static void tagRows(Span span, Object result) {
    try {
      if (result instanceof Integer || result instanceof Long) {
        span.setTag("db.rows_affected", (Number) result);
      } else if (result instanceof int[]) {
        long total = 0;
        for (int rows : (int[]) result) total += Math.max(rows, 0);
        span.setTag("db.rows_affected", total);
      } else if (result instanceof long[]) {
        long total = 0;
        for (long rows : (long[]) result) total += Math.max(rows, 0);
        span.setTag("db.rows_affected", total);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not tag a JDBC span", e);
    }
  }

  private static void tagError(Span span, Throwable t) {
    try {
      Tags.ERROR.set(span, true);
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put(Fields.EVENT, Tags.ERROR.getKey());
      fields.put(Fields.ERROR_OBJECT, t);
      span.log(fields);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not tag a JDBC span", e);
    }
  }

  private static void finish(JdbcTracing tracing, Span span, long startNanos) {
    try {
      if (tracing.slowQueryThresholdNanos >= 0
          && System.nanoTime() - startNanos >= tracing.slowQueryThresholdNanos) {
        span.setTag("db.slow_query", true);
      }
      span.finish();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "could not finish a JDBC span", e);
    }
  }
}
