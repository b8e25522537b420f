package com.jstverify.tracing;

import com.jstverify.tracing.internal.Carriers;
import com.jstverify.tracing.internal.HeaderNames;
import com.jstverify.tracing.internal.EnvironmentConfig;
import com.jstverify.tracing.internal.GuardedReport;
import com.jstverify.tracing.internal.Throwables;
import com.jstverify.tracing.propagation.CompositePropagator;
import com.jstverify.tracing.propagation.Propagator;
import com.jstverify.tracing.reporter.Reporter;
import com.jstverify.tracing.scope.ThreadLocalScopeManager;
import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.BinaryExtract;
import io.opentracing.propagation.BinaryInject;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapExtract;
import io.opentracing.propagation.TextMapInject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The JstVerify OpenTracing tracer. Spans it finishes reach the JstVerify service map through
 * its {@link Reporter}; its ids travel in the JstVerify and W3C headers.
 *
 * <pre>{@code
 * JstVerifyTracer tracer = JstVerifyTracer.builder()
 *     .serviceName("orders-api")
 *     .apiKey(System.getenv("JSTVERIFY_API_KEY"))
 *     .build();
 * GlobalTracer.registerIfAbsent(tracer);
 * }</pre>
 *
 * <p>Nothing the application passes in makes it throw: foreign spans and contexts are tolerated,
 * malformed headers give a new root trace, and a closed tracer still starts spans (they are
 * counted as dropped when they finish).
 */
public final class JstVerifyTracer implements Tracer {
  /** The JstVerify ingestion API. */
  public static final String DEFAULT_ENDPOINT = "https://sdkapi.jstverify.com/v1/tracing/spans";

  private static final Logger LOG = Logger.getLogger(JstVerifyTracer.class.getName());

  private final String serviceName;
  private final String serviceType;
  private final Map<String, String> tracerTags;
  private final Transport transport;
  private final ScopeManager scopeManager;
  private final Propagator propagator;
  private final HeaderNames headerNames;
  private final Reporter reporter;
  private final Clock clock;
  // The system clock's shared anchor (see TimeAnchor); unused with another clock.
  private volatile TimeAnchor systemAnchor;
  private final TracerMetrics metrics;
  private final AtomicBoolean closed = new AtomicBoolean();
  // Counted down when the close() that won the race has returned; a later close() waits for it.
  private final CountDownLatch closeDone = new CountDownLatch(1);
  private volatile Thread closingThread;
  private final long closeWaitNanos;
  private final Thread shutdownHook;

  private JstVerifyTracer(Builder b, Reporter reporter, TracerMetrics metrics) {
    this.serviceName = b.serviceName;
    this.serviceType = b.serviceType;
    this.tracerTags = Collections.unmodifiableMap(new LinkedHashMap<>(b.tags));
    this.transport = b.transport;
    this.scopeManager = b.scopeManager != null ? b.scopeManager : new ThreadLocalScopeManager();
    this.propagator = b.propagator != null ? b.propagator : CompositePropagator.defaults();
    this.headerNames = HeaderNames.of(propagator);
    this.reporter = reporter;
    this.clock = b.clock;
    this.metrics = metrics;
    this.closeWaitNanos = closeWaitNanos(b.closeTimeout);
    if (b.shutdownHook) {
      Thread hook = new Thread(this::closeFromShutdownHook, "jstverify-tracer-shutdown");
      this.shutdownHook = hook;
      try {
        Runtime.getRuntime().addShutdownHook(hook);
      } catch (IllegalStateException | SecurityException e) {
        LOG.log(Level.FINE, "could not add the shutdown hook", e);
      }
    } else {
      this.shutdownHook = null;
    }
  }

  /** A builder with nothing set; {@link Builder#serviceName} is required. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- OpenTracing ----

  @Override
  public ScopeManager scopeManager() {
    return scopeManager;
  }

  @Override
  public Span activeSpan() {
    return scopeManager.activeSpan();
  }

  /** Activates any span, ours or another tracer's (such as {@code NoopSpan.INSTANCE}). */
  @Override
  public Scope activateSpan(Span span) {
    return scopeManager.activate(span);
  }

  @Override
  public Tracer.SpanBuilder buildSpan(String operationName) {
    return new JstVerifySpanBuilder(this, operationName);
  }

  /**
   * Writes the context's headers into the carrier with every configured propagator. A context
   * of another tracer, an unknown format or a failing carrier is ignored (logged at FINE).
   */
  @Override
  public <C> void inject(SpanContext spanContext, Format<C> format, C carrier) {
    if (!(spanContext instanceof JstVerifySpanContext) || format == null || carrier == null) {
      debug("inject ignored: context " + spanContext + ", format " + format);
      return;
    }
    JstVerifySpanContext context = (JstVerifySpanContext) spanContext;
    if (!context.hasIds() && context.baggage().isEmpty()) {
      debug("inject ignored: an empty baggage-only context has nothing to propagate");
      return;
    }
    try {
      if (isBinary(format) && carrier instanceof BinaryInject) {
        Carriers.BinaryHeaders headers = new Carriers.BinaryHeaders();
        propagator.inject(context, headers);
        Carriers.writeBinary(headers, (BinaryInject) carrier);
      } else if (carrier instanceof TextMapInject) {
        propagator.inject(context, Carriers.textSetter((TextMapInject) carrier));
      } else {
        debug("inject ignored: unsupported carrier " + carrier.getClass().getName());
      }
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      LOG.log(Level.FINE, "inject failed", t);
    }
  }

  /**
   * Reads a context from the carrier, or returns {@code null} when it carries none or only
   * malformed headers. Departs from the OpenTracing javadoc on purpose: malformed input never
   * throws {@code IllegalArgumentException}, because the input comes from other processes and the
   * right answer to a bad header is a new root trace, not a failed request (see RATIONALE.md).
   */
  @Override
  public <C> SpanContext extract(Format<C> format, C carrier) {
    if (format == null || carrier == null) return null;
    try {
      Propagator.Getter getter;
      if (isBinary(format) && carrier instanceof BinaryExtract) {
        getter = Carriers.binaryGetter((BinaryExtract) carrier, headerNames);
      } else if (carrier instanceof TextMapExtract) {
        getter = Carriers.textGetter((TextMapExtract) carrier, headerNames);
      } else {
        debug("extract ignored: unsupported carrier " + carrier.getClass().getName());
        return null;
      }
      return propagator.extract(getter);
    } catch (Throwable t) {
      Throwables.propagateIfFatal(t);
      LOG.log(Level.FINE, "extract failed", t);
      return null;
    }
  }

  /**
   * Closes the reporter, which delivers what is queued within its close timeout ({@link
   * Builder#closeTimeout}), and stops reporting. Spans finished afterwards are counted as {@link
   * DropReason#AFTER_CLOSE}. Idempotent: a call while another thread's is under way (the
   * shutdown hook's, say) returns once that one has, waiting at most the close timeout and two
   * seconds.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      awaitOtherClose();
      return;
    }
    closingThread = Thread.currentThread();
    try {
      // No flush first: a reporter's close() flushes (its contract), within its one deadline; a
      // flush of ours before it would make close() wait twice as long for a server that hangs.
      try {
        reporter.close();
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "reporter close failed", e);
      }
      if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
        try {
          Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | SecurityException e) {
          // The JVM is already shutting down: the hook runs anyway and finds us closed.
        }
      }
    } finally {
      closeDone.countDown();
    }
  }

  // Another thread's close() is under way: the application's and the shutdown hook's at once,
  // say. Returning before it ends would let the JVM halt (it does once the hooks return) while
  // the last batch is still being sent. Not when that close() is this thread's own (a reporter
  // closing the tracer from its close()); and not for longer than the close timeout and a margin.
  private void awaitOtherClose() {
    if (closingThread == Thread.currentThread()) return;
    try {
      closeDone.await(closeWaitNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // The close timeout, and two seconds for a reporter to stop its thread once it is over.
  private static long closeWaitNanos(Duration closeTimeout) {
    long margin = TimeUnit.SECONDS.toNanos(2);
    try {
      return Math.addExact(closeTimeout.toNanos(), margin);
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  // ---- JstVerify ----

  /**
   * Delivers every span finished so far, waiting at most {@code timeout}: call it at the end of
   * a serverless invocation, before the process may be frozen.
   *
   * @return true when everything was delivered in time
   */
  public boolean flush(Duration timeout) {
    if (timeout == null) throw new NullPointerException("timeout == null");
    try {
      return reporter.flush(timeout);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "flush failed", e);
      return false;
    }
  }

  /** What happened to this tracer's spans. */
  public TracerMetrics metrics() {
    return metrics;
  }

  public String serviceName() {
    return serviceName;
  }

  public String serviceType() {
    return serviceType;
  }

  /** Tags added to every span this tracer reports (in the span JSON, not in {@code tags()}). */
  public Map<String, String> tracerTags() {
    return tracerTags;
  }

  public Transport transport() {
    return transport;
  }

  /** The reporter that receives finished spans. */
  public Reporter reporter() {
    return reporter;
  }

  /** The propagator that {@link #inject} and {@link #extract} use. */
  public Propagator propagator() {
    return propagator;
  }

  public Clock clock() {
    return clock;
  }

  /**
   * The time anchor for a new local root started at {@code nanoTime}. Another clock than the
   * system's is read each time: tests that move it expect every new trace to see that.
   */
  TimeAnchor anchorAt(long nanoTime) {
    if (clock != Clock.system()) return new TimeAnchor(clock.currentTimeMicros(), nanoTime);
    TimeAnchor anchor = systemAnchor;
    if (anchor == null || nanoTime - anchor.nanos >= TimeAnchor.SYSTEM_REFRESH_NANOS) {
      // Racing threads may each read the wall clock once: harmless, the last one stays.
      anchor = new TimeAnchor(clock.currentTimeMicros(), nanoTime);
      systemAnchor = anchor;
    }
    return anchor;
  }

  public boolean isClosed() {
    return closed.get();
  }

  @Override
  public String toString() {
    return "JstVerifyTracer{serviceName=" + serviceName + ", transport=" + transport + "}";
  }

  void spanFinished(JstVerifySpan span) {
    metrics.recordFinished();
    if (closed.get()) {
      metrics.recordDropped(DropReason.AFTER_CLOSE, 1);
      return;
    }
    if (!span.isSampled()) {
      metrics.recordDropped(DropReason.UNSAMPLED, 1);
      return;
    }
    GuardedReport.report(reporter, span, metrics, LOG); // the application's finish() returns
  }

  private void closeFromShutdownHook() {
    close();
  }

  private static boolean isBinary(Format<?> format) {
    return format == Format.Builtin.BINARY
        || format == Format.Builtin.BINARY_INJECT
        || format == Format.Builtin.BINARY_EXTRACT;
  }

  private static void debug(String message) {
    if (LOG.isLoggable(Level.FINE)) LOG.fine(message);
  }

  /**
   * Configures a {@link JstVerifyTracer}. Setters check their argument at once; {@link #build()}
   * checks the whole and names what is missing.
   *
   * <pre>{@code
   * JstVerifyTracer tracer = JstVerifyTracer.builder()
   *     .serviceName("orders-api")
   *     .apiKey("...")
   *     .flushInterval(Duration.ofSeconds(2))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    String apiKey;
    String serviceName;
    String serviceType = "http";
    String endpoint = DEFAULT_ENDPOINT;
    boolean endpointSet;
    Transport transport = Transport.DIRECT;
    Duration flushInterval = Duration.ofSeconds(5);
    int maxQueueSize = 10_000;
    int maxBatchSize = 50;
    boolean debug;
    Propagator propagator;
    final Map<String, String> tags = new LinkedHashMap<>();
    Reporter reporter;
    ScopeManager scopeManager;
    Clock clock = Clock.system();
    boolean shutdownHook = true;
    Duration closeTimeout = Duration.ofSeconds(5);

    Builder() {}

    /**
     * Applies the JstVerify environment variables and {@code jstverify.*} system properties (a
     * system property wins over the environment variable). Values set afterwards in code win.
     *
     * @throws IllegalArgumentException naming the variable whose value cannot be used
     */
    public Builder fromEnvironment() {
      EnvironmentConfig.apply(EnvironmentConfig.fromEnvironment(), this);
      return this;
    }

    /**
     * Applies settings given as data, keyed like the environment variables ({@code
     * JSTVERIFY_SERVICE_NAME}...) or the system properties ({@code jstverify.service_name}...).
     *
     * @throws IllegalArgumentException naming the key whose value cannot be used
     */
    public Builder fromSettings(Map<String, String> settings) {
      if (settings == null) throw new NullPointerException("settings == null");
      EnvironmentConfig.apply(EnvironmentConfig.normalize(settings), this);
      return this;
    }

    /** The API key sent with every batch ({@code X-API-Key}); required for direct transport. */
    public Builder apiKey(String apiKey) {
      this.apiKey = requireText(apiKey, "apiKey");
      return this;
    }

    /** The name of this service on the service map. Required. */
    public Builder serviceName(String serviceName) {
      this.serviceName = requireText(serviceName, "serviceName");
      return this;
    }

    /** The kind of service ("http" by default). */
    public Builder serviceType(String serviceType) {
      this.serviceType = requireText(serviceType, "serviceType");
      return this;
    }

    /** The ingestion API URL, http or https. */
    public Builder endpoint(String endpoint) {
      requireText(endpoint, "endpoint");
      if (okhttp3.HttpUrl.parse(endpoint) == null) {
        throw new IllegalArgumentException(
            "endpoint: '" + endpoint + "' is not an http:// or https:// URL");
      }
      this.endpoint = endpoint;
      this.endpointSet = true;
      return this;
    }

    /** {@link Transport#DIRECT} (default) or {@link Transport#RELAY}. */
    public Builder transport(Transport transport) {
      if (transport == null) throw new NullPointerException("transport == null");
      this.transport = transport;
      return this;
    }

    /** How often queued spans are sent at the latest (5 seconds by default). */
    public Builder flushInterval(Duration flushInterval) {
      if (flushInterval == null) throw new NullPointerException("flushInterval == null");
      if (flushInterval.isNegative() || flushInterval.isZero()) {
        throw new IllegalArgumentException("flushInterval must be positive: " + flushInterval);
      }
      this.flushInterval = flushInterval;
      return this;
    }

    /**
     * How many finished spans may wait for delivery (10000 by default, at most 2^30); more are
     * dropped.
     */
    public Builder maxQueueSize(int maxQueueSize) {
      // The direct reporter's bound too, checked here so that a value from the environment fails
      // naming its variable, not later, in the reporter's builder.
      if (maxQueueSize < 1 || maxQueueSize > (1 << 30)) {
        throw new IllegalArgumentException(
            "maxQueueSize must be between 1 and 2^30 (1073741824): " + maxQueueSize);
      }
      this.maxQueueSize = maxQueueSize;
      return this;
    }

    /** How many spans one POST carries at most (50 by default). */
    public Builder maxBatchSize(int maxBatchSize) {
      if (maxBatchSize < 1) {
        throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
      }
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /** Logs the tracer's decisions (each batch, each ignored header) to the console. */
    public Builder debug(boolean debug) {
      this.debug = debug;
      return this;
    }

    /** The propagators, in extraction priority order (default: JstVerify, W3C, baggage). */
    public Builder propagation(Propagator... propagators) {
      if (propagators == null || propagators.length == 0) {
        throw new IllegalArgumentException("propagation: give at least one propagator");
      }
      for (int i = 0; i < propagators.length; i++) {
        if (propagators[i] == null) throw new NullPointerException("propagators[" + i + "] == null");
      }
      this.propagator =
          propagators.length == 1 && propagators[0] instanceof CompositePropagator
              ? propagators[0]
              : CompositePropagator.of(Arrays.asList(propagators));
      return this;
    }

    /** The propagators by name, as {@code JSTVERIFY_PROPAGATION}: "jstverify,w3c,baggage". */
    public Builder propagation(String names) {
      if (names == null) throw new NullPointerException("names == null");
      this.propagator = CompositePropagator.parse(names);
      return this;
    }

    /** A tag added to every reported span (e.g. {@code deployment.environment}). */
    public Builder tag(String key, String value) {
      tags.put(requireText(key, "tag key"), requireNonNull(value, "tag value"));
      return this;
    }

    /** Tags added to every reported span. */
    public Builder tags(Map<String, String> tags) {
      if (tags == null) throw new NullPointerException("tags == null");
      for (Map.Entry<String, String> e : tags.entrySet()) tag(e.getKey(), e.getValue());
      return this;
    }

    /** Where finished spans go, instead of the transport's reporter. */
    public Builder reporter(Reporter reporter) {
      if (reporter == null) throw new NullPointerException("reporter == null");
      this.reporter = reporter;
      return this;
    }

    /** The scope manager (default: {@link ThreadLocalScopeManager}). */
    public Builder scopeManager(ScopeManager scopeManager) {
      if (scopeManager == null) throw new NullPointerException("scopeManager == null");
      this.scopeManager = scopeManager;
      return this;
    }

    /** The clock (default: {@link Clock#system()}). */
    public Builder clock(Clock clock) {
      if (clock == null) throw new NullPointerException("clock == null");
      this.clock = clock;
      return this;
    }

    /** Whether a JVM shutdown hook closes the tracer, delivering what is queued (default true). */
    public Builder shutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
      return this;
    }

    /**
     * How long {@link JstVerifyTracer#close()} waits for queued spans (5 seconds by default),
     * delivering, retrying and stopping included. A reporter passed to {@link #reporter} closes
     * within its own timeout instead.
     */
    public Builder closeTimeout(Duration closeTimeout) {
      if (closeTimeout == null) throw new NullPointerException("closeTimeout == null");
      if (closeTimeout.isNegative()) {
        throw new IllegalArgumentException("closeTimeout must not be negative: " + closeTimeout);
      }
      this.closeTimeout = closeTimeout;
      return this;
    }

    /**
     * Builds the tracer.
     *
     * @throws IllegalStateException when a required setting is missing, naming it and the
     *     environment variable that sets it
     */
    public JstVerifyTracer build() {
      if (serviceName == null) {
        throw new IllegalStateException(
            "serviceName is required: call serviceName(...), or set JSTVERIFY_SERVICE_NAME and"
                + " build with JstVerifyTracing.init() or JstVerifyTracer.builder()"
                + ".fromEnvironment() (a builder alone does not read the environment)");
      }
      if (debug) enableDebugLogging();
      TracerMetrics metrics = new TracerMetrics();
      Reporter chosen = reporter != null ? reporter : TransportReporters.create(this);
      chosen.attach(metrics);
      return new JstVerifyTracer(this, chosen, metrics);
    }

    @Override
    public String toString() {
      return "JstVerifyTracer.Builder{serviceName="
          + serviceName
          + ", apiKey="
          + (apiKey == null ? "null" : "****")
          + ", endpoint="
          + endpoint
          + ", transport="
          + transport
          + "}";
    }

    private static String requireText(String value, String name) {
      if (value == null) throw new NullPointerException(name + " == null");
      String trimmed = value.trim();
      if (trimmed.isEmpty()) throw new IllegalArgumentException(name + " is blank");
      return trimmed;
    }

    private static String requireNonNull(String value, String name) {
      if (value == null) throw new NullPointerException(name + " == null");
      return value;
    }

    private static void enableDebugLogging() {
      Logger root = Logger.getLogger("com.jstverify.tracing");
      root.setLevel(Level.FINE);
      for (Handler h : root.getHandlers()) {
        if (h instanceof ConsoleHandler) return;
      }
      ConsoleHandler console = new ConsoleHandler();
      console.setLevel(Level.FINE);
      // The JDK's default configuration already prints INFO and up through the root logger's
      // console handler: print here only what no console handler up the chain prints.
      console.setFilter(record -> !printedByAnAncestorConsole(root, record));
      root.addHandler(console);
    }

    private static boolean printedByAnAncestorConsole(Logger logger, LogRecord record) {
      for (Logger l = logger; l.getUseParentHandlers() && l.getParent() != null; ) {
        l = l.getParent();
        for (Handler h : l.getHandlers()) {
          if (h instanceof ConsoleHandler && h.isLoggable(record)) return true;
        }
      }
      return false;
    }
  }
}
