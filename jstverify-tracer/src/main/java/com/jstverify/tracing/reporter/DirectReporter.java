package com.jstverify.tracing.reporter;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.TracerMetrics;
import com.jstverify.tracing.internal.Backoff;
import com.jstverify.tracing.internal.IngestionClient;
import com.jstverify.tracing.internal.SpanSender;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * Sends finished spans in batches to the JstVerify ingestion API, from one background thread;
 * the tracer's default transport.
 *
 * <pre>{@code
 * JstVerifyTracer tracer = JstVerifyTracer.builder()
 *     .serviceName("orders-api")
 *     .reporter(DirectReporter.builder().apiKey(System.getenv("JSTVERIFY_API_KEY")).build())
 *     .build();
 * }</pre>
 *
 * <p>Built for you by {@link JstVerifyTracer.Builder#build()} unless another transport or
 * reporter is chosen. {@link #report} never blocks the application: the queue is bounded, and a
 * span that finds it full is dropped and counted ({@code DropReason.QUEUE_FULL}). A batch the
 * API could not take (429, 5xx, network error) is retried with backoff while it keeps its place
 * in the queue; a batch it refused (other 4xx) is dropped, counted and logged once.
 */
public final class DirectReporter implements Reporter {
  private final SpanSender sender;
  private final String description;

  private DirectReporter(Builder b, IngestionClient client) {
    this.sender =
        new SpanSender(
            client,
            b.maxQueueSize,
            b.maxBatchSize,
            b.flushInterval,
            new Backoff(b.backoffBase(), max(b.backoffMax, b.backoffBase())),
            b.closeTimeout,
            b.debug);
    this.description =
        "DirectReporter{endpoint=" + client.endpoint() + ", apiKey=****, maxQueueSize="
            + b.maxQueueSize + ", maxBatchSize=" + b.maxBatchSize + "}";
    sender.start();
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /** A builder with the tracer's defaults; {@link Builder#apiKey} is required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void attach(TracerMetrics metrics) {
    sender.attach(metrics);
  }

  /** Queues the span for the background thread. Never blocks, never throws. */
  @Override
  public void report(JstVerifySpan span) {
    sender.report(span);
  }

  /**
   * Sends everything reported so far and waits at most {@code timeout}.
   *
   * @return true when the API accepted all of it; false on timeout, or when some of it was
   *     refused
   */
  @Override
  public boolean flush(Duration timeout) {
    return sender.flush(timeout);
  }

  /**
   * Delivers what is queued as {@link #flush} does, retrying after failures, for half the close
   * timeout; then stops taking spans, gives what is left one last attempt and stops the thread:
   * all within the close timeout. Spans reported afterwards are counted {@code AFTER_CLOSE};
   * spans not delivered in time, {@code DELIVERY_FAILED}.
   */
  @Override
  public void close() {
    sender.close();
  }

  /** Spans waiting or being sent now. */
  int queueLength() {
    return sender.queueLength();
  }

  /** Never shows the API key. */
  @Override
  public String toString() {
    return description;
  }

  /**
   * Configures a {@link DirectReporter}; the defaults are the tracer builder's.
   *
   * <pre>{@code
   * DirectReporter reporter = DirectReporter.builder()
   *     .apiKey("...")
   *     .flushInterval(Duration.ofSeconds(2))
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    String endpoint = JstVerifyTracer.DEFAULT_ENDPOINT;
    String apiKey;
    Duration flushInterval = Duration.ofSeconds(5);
    int maxQueueSize = 10_000;
    int maxBatchSize = 50;
    Duration closeTimeout = Duration.ofSeconds(5);
    boolean debug;
    OkHttpClient httpClient;
    // Internal knobs, for tests: real servers, short waits.
    Duration connectTimeout = Duration.ofSeconds(5);
    Duration callTimeout = Duration.ofSeconds(15);
    Duration backoffBase; // null: the flush interval, at most one second
    Duration backoffMax = Duration.ofSeconds(30);

    Builder() {}

    /** The ingestion API URL ({@link JstVerifyTracer#DEFAULT_ENDPOINT} by default). */
    public Builder endpoint(String endpoint) {
      if (endpoint == null) throw new NullPointerException("endpoint == null");
      if (okhttp3.HttpUrl.parse(endpoint.trim()) == null) {
        throw new IllegalArgumentException(
            "endpoint: '" + endpoint + "' is not an http:// or https:// URL");
      }
      this.endpoint = endpoint.trim();
      return this;
    }

    /** The API key sent as {@code X-API-Key}. Required. */
    public Builder apiKey(String apiKey) {
      if (apiKey == null) throw new NullPointerException("apiKey == null");
      String trimmed = apiKey.trim();
      if (trimmed.isEmpty()) throw new IllegalArgumentException("apiKey is blank");
      this.apiKey = trimmed;
      return this;
    }

    /** How often queued spans are sent at the latest (5 seconds by default). */
    public Builder flushInterval(Duration flushInterval) {
      this.flushInterval = positive(flushInterval, "flushInterval");
      return this;
    }

    /**
     * How many spans may wait for delivery, batches being retried included (10000 by default);
     * more are dropped.
     */
    public Builder maxQueueSize(int maxQueueSize) {
      if (maxQueueSize < 1 || maxQueueSize > (1 << 30)) {
        throw new IllegalArgumentException("maxQueueSize must be between 1 and 2^30: " + maxQueueSize);
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

    /** How long {@link #close()} may spend delivering what is still queued (5 s by default). */
    public Builder closeTimeout(Duration closeTimeout) {
      if (closeTimeout == null) throw new NullPointerException("closeTimeout == null");
      if (closeTimeout.isNegative()) {
        throw new IllegalArgumentException("closeTimeout must not be negative: " + closeTimeout);
      }
      this.closeTimeout = closeTimeout;
      return this;
    }

    /** Logs every batch at INFO (FINE otherwise). */
    public Builder debug(boolean debug) {
      this.debug = debug;
      return this;
    }

    /**
     * The OkHttp client to send with: for a proxy, TLS settings or interceptors of your own. The
     * reporter sends with a client derived from it ({@code newBuilder()}: the same connection
     * pool, dispatcher and interceptors), with the reporter's own timeouts, redirects not
     * followed (they would carry the API key elsewhere), and no {@link
     * com.jstverify.tracing.http.TracingInterceptor} (tracing the batches would make spans about
     * spans). By default the tracer's own shared client is used.
     */
    public Builder httpClient(OkHttpClient httpClient) {
      if (httpClient == null) throw new NullPointerException("httpClient == null");
      this.httpClient = httpClient;
      return this;
    }

    /** HTTP timeouts: connecting, and the whole call. */
    Builder timeouts(Duration connect, Duration call) {
      this.connectTimeout = positive(connect, "connect");
      this.callTimeout = positive(call, "call");
      return this;
    }

    /** Retry delays: the first, and the longest. */
    Builder backoff(Duration base, Duration max) {
      this.backoffBase = positive(base, "base");
      this.backoffMax = positive(max, "max");
      return this;
    }

    Duration backoffBase() {
      if (backoffBase != null) return backoffBase;
      Duration oneSecond = Duration.ofSeconds(1);
      return flushInterval.compareTo(oneSecond) < 0 ? flushInterval : oneSecond;
    }

    /**
     * Builds the reporter and starts its thread.
     *
     * @throws IllegalStateException when no API key was given
     * @throws IllegalArgumentException when the key cannot go in an HTTP header (the message does
     *     not repeat it)
     */
    public DirectReporter build() {
      if (apiKey == null) {
        throw new IllegalStateException(
            "apiKey is required for the direct transport: call apiKey(...), or set JSTVERIFY_API_KEY"
                + " and build with JstVerifyTracing.init() or JstVerifyTracer.builder()"
                + ".fromEnvironment() (a builder alone does not read the environment)");
      }
      IngestionClient client =
          new IngestionClient(endpoint, apiKey, connectTimeout, callTimeout, httpClient);
      return new DirectReporter(this, client);
    }

    @Override
    public String toString() {
      return "DirectReporter.Builder{endpoint=" + endpoint + ", apiKey="
          + (apiKey == null ? "null" : "****") + "}";
    }

    private static Duration positive(Duration d, String name) {
      if (d == null) throw new NullPointerException(name + " == null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive: " + d);
      }
      return d;
    }
  }
}
