package com.jstverify.tracing.jdbc;

import io.opentracing.Tracer;
import io.opentracing.util.GlobalTracer;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;

/**
 * A client span per database call ({@code execute*}, {@code executeBatch}, {@code commit},
 * {@code rollback}) for any OpenTracing tracer: wrap a {@link DataSource} or a {@link Connection},
 * or use the URL form {@code jdbc:jstverify:<real url>} (see {@link TracingDriver}).
 *
 * <pre>{@code
 * DataSource traced = JdbcTracing.wrap(dataSource); // GlobalTracer, default options
 *
 * DataSource custom = JdbcTracing.builder()
 *     .tracer(tracer)
 *     .traceWithActiveSpanOnly(true)
 *     .slowQueryThreshold(Duration.ofMillis(200))
 *     .build()
 *     .dataSource(dataSource);
 * }</pre>
 *
 * <p>Spans are named {@code <db.type> <VERB>} ({@code postgresql SELECT}) and tagged with
 * {@code db.type}, {@code db.instance}, {@code db.user}, {@code db.statement} (literals replaced
 * by {@code ?} unless turned off), {@code peer.service}, {@code peer.hostname}, {@code
 * peer.port}; an {@code SQLException} marks the span as an error and is rethrown unchanged.
 */
public final class JdbcTracing {
  private static final JdbcTracing DEFAULT = builder().build();

  private final Tracer tracer;
  final boolean traceWithActiveSpanOnly;
  final long slowQueryThresholdNanos;
  final Set<String> ignoredStatements;
  final boolean sanitizeStatements;

  private JdbcTracing(Builder b) {
    this.tracer = b.tracer;
    this.traceWithActiveSpanOnly = b.traceWithActiveSpanOnly;
    this.slowQueryThresholdNanos =
        b.slowQueryThreshold == null ? -1 : saturatedNanos(b.slowQueryThreshold);
    this.ignoredStatements = Collections.unmodifiableSet(new HashSet<>(b.ignoredStatements));
    this.sanitizeStatements = b.sanitizeStatements;
  }

  /** A threshold past Long.MAX_VALUE ns (292 years) means never, not an ArithmeticException. */
  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Options, starting from the defaults (GlobalTracer, trace always, literals hidden). */
  public static Builder builder() {
    return new Builder();
  }

  /** {@code dataSource} traced with the default options. */
  public static DataSource wrap(DataSource dataSource) {
    return DEFAULT.dataSource(dataSource);
  }

  /** {@code connection} traced with the default options. */
  public static Connection wrap(Connection connection) {
    return DEFAULT.connection(connection);
  }

  /** {@code dataSource} traced with these options. */
  public DataSource dataSource(DataSource dataSource) {
    if (dataSource == null) throw new NullPointerException("dataSource == null");
    if (dataSource instanceof TracingDataSource) return dataSource;
    return new TracingDataSource(dataSource, this);
  }

  /** {@code connection} traced with these options; its URL is read once, now. */
  public Connection connection(Connection connection) {
    return connection(connection, null);
  }

  /** Like {@link #connection(Connection)}, with the users of physical connections already asked, when given. */
  Connection connection(Connection connection, TracingConnectionHandler.UsersByConnection users) {
    if (connection == null) throw new NullPointerException("connection == null");
    if (isTraced(connection)) return connection;
    return TracingConnectionHandler.wrap(
        connection, TracingConnectionHandler.readInfo(connection, users), this);
  }

  /**
   * Whether {@code connection} is traced already: one of ours, or a pool's wrapper around one of
   * ours (the pool connecting through {@code jdbc:jstverify:}). Traced again, each statement would
   * give two unrelated spans.
   */
  private static boolean isTraced(Connection connection) {
    if (connection instanceof TracedConnection) return true;
    try {
      return connection.isWrapperFor(TracedConnection.class);
    } catch (SQLException | RuntimeException | LinkageError e) {
      // A driver that cannot say: trace it. JDBC 3 drivers (jTDS) lack the method altogether
      // and throw AbstractMethodError.
      return false;
    }
  }

  Tracer tracer() {
    return tracer != null ? tracer : GlobalTracer.get();
  }

  /** Options of {@link JdbcTracing}. */
  public static final class Builder {
    private Tracer tracer;
    private boolean traceWithActiveSpanOnly;
    private Duration slowQueryThreshold;
    private final Set<String> ignoredStatements = new HashSet<>();
    private boolean sanitizeStatements = true;

    private Builder() {}

    /** The tracer (default: {@link GlobalTracer}, looked up on each call). */
    public Builder tracer(Tracer tracer) {
      if (tracer == null) throw new NullPointerException("tracer == null");
      this.tracer = tracer;
      return this;
    }

    /** Trace a call only when a span is active (a request is being served), default false. */
    public Builder traceWithActiveSpanOnly(boolean traceWithActiveSpanOnly) {
      this.traceWithActiveSpanOnly = traceWithActiveSpanOnly;
      return this;
    }

    /** Calls at least this long get the tag {@code db.slow_query=true}. */
    public Builder slowQueryThreshold(Duration threshold) {
      if (threshold == null) throw new NullPointerException("threshold == null");
      if (threshold.isNegative()) {
        throw new IllegalArgumentException("slowQueryThreshold must not be negative: " + threshold);
      }
      this.slowQueryThreshold = threshold;
      return this;
    }

    /** Statements (exact SQL text) that are never traced, such as a pool's validation query. */
    public Builder ignoreStatement(String sql) {
      if (sql == null) throw new NullPointerException("sql == null");
      ignoredStatements.add(sql);
      return this;
    }

    /**
     * Whether literals in {@code db.statement} are replaced by {@code ?} (default true), so that
     * secrets and personal data are not shipped.
     */
    public Builder sanitizeStatements(boolean sanitizeStatements) {
      this.sanitizeStatements = sanitizeStatements;
      return this;
    }

    public JdbcTracing build() {
      return new JdbcTracing(this);
    }
  }
}
