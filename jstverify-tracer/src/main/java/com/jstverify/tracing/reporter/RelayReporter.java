package com.jstverify.tracing.reporter;

import com.jstverify.tracing.DropReason;
import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.TracerMetrics;
import com.jstverify.tracing.internal.GuardedReport;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Collects the spans finished while a request is served and hands them back, encoded for the
 * {@link RelayHeaders#HEADER_NAME} response header, when the response is committed: the
 * transport for backends without outbound network access (wire contract section 4).
 *
 * <pre>{@code
 * RelayReporter relay = (RelayReporter) tracer.reporter();   // Transport.RELAY
 * relay.beginRequest(serverSpan);
 * ... serve the request; serverSpan.finish();
 * String spans = relay.endRequest(serverSpan);
 * if (spans != null) response.setHeader(RelayHeaders.HEADER_NAME, spans);
 * }</pre>
 *
 * <p>A request is identified by its server span: the spans it collects are those whose {@link
 * JstVerifySpan#localRootId()} is the server span's. Spans finished outside any request go to
 * the fallback reporter when there is one (an explicitly configured endpoint and API key), else
 * they are counted as {@link DropReason#NO_REQUEST}. Memory is bounded: at most {@code
 * maxQueueSize} spans are held across requests and {@value #MAX_SPANS_PER_REQUEST} per request,
 * and a request never ended is evicted (its spans handled like those outside any request) once
 * {@value #DEFAULT_MAX_OPEN_REQUESTS} requests are open.
 */
public final class RelayReporter implements Reporter {
  /** More spans than this never fit in one header: the rest of a request's are not kept. */
  static final int MAX_SPANS_PER_REQUEST = 128;

  static final int DEFAULT_MAX_OPEN_REQUESTS = 4096;

  private static final Logger LOG = Logger.getLogger(RelayReporter.class.getName());

  private final Reporter fallback;
  private final int maxSpans;
  private final int maxOpenRequests;
  private final ConcurrentHashMap<Long, RequestSpans> open = new ConcurrentHashMap<>();
  private final AtomicInteger held = new AtomicInteger();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile TracerMetrics metrics = new TracerMetrics();

  private RelayReporter(Builder b) {
    this.fallback = b.fallback;
    this.maxSpans = b.maxSpans;
    this.maxOpenRequests = b.maxOpenRequests;
  }

  /** A relay reporter without fallback: spans outside requests are dropped and counted. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void attach(TracerMetrics metrics) {
    if (metrics == null) throw new NullPointerException("metrics == null");
    this.metrics = metrics;
    if (fallback != null) fallback.attach(metrics);
    // Set after the fallback's own: the queue length is both.
    metrics.queueLengthSource(this::queueLength);
  }

  /**
   * Starts collecting the spans of the request that {@code serverSpan} serves. Call it when the
   * server span starts, before any child of it can finish.
   */
  public void beginRequest(JstVerifySpan serverSpan) {
    if (serverSpan == null) throw new NullPointerException("serverSpan == null");
    long key = keyOf(serverSpan);
    if (open.containsKey(key)) return; // begun twice (two integrations on one request): one list
    // A loop: requests begun concurrently may pick the same oldest one, or all pass the check
    // before any is added; each begin brings the map back within the bound, so it stays bounded.
    while (open.size() >= maxOpenRequests && evictOldest()) {}
    open.putIfAbsent(key, new RequestSpans(System.nanoTime(), serverSpan.context().spanId(), key));
  }

  /**
   * Stops collecting for the request of {@code serverSpan} and returns its spans as the {@link
   * RelayHeaders#HEADER_NAME} value: base64url of the JSON array, at most {@value
   * RelayHeaders#MAX_HEADER_BYTES} bytes. The server span comes first (trimmed like an oversized
   * span, and tagged {@code jstverify.truncated}, if it alone would not fit: without it the
   * request is missing from the map), then the others in finish order; a span that does not fit
   * is left out whole and counted as {@link DropReason#RELAY_HEADER_FULL}. Call it once the
   * server span has finished, when the response headers are about to be written.
   *
   * @return the header value, or null when there is nothing to send (no spans, an unknown
   *     request, or none that fit)
   */
  public String endRequest(JstVerifySpan serverSpan) {
    if (serverSpan == null) throw new NullPointerException("serverSpan == null");
    RequestSpans request = open.remove(keyOf(serverSpan));
    if (request == null) return null;
    JstVerifySpan[] spans = request.end();
    held.addAndGet(-spans.length);
    if (spans.length == 0) return null;
    return encode(serverSpan, spans);
  }

  /**
   * Stops collecting for the request of {@code serverSpan} when no response will carry its spans
   * (the handler threw, the response was lost): they are handled like spans outside any request,
   * sent by the fallback reporter when there is one, else counted as {@link
   * DropReason#NO_REQUEST}. Not {@link #endRequest}, which counts them as delivered in the header
   * it returns.
   */
  public void abandonRequest(JstVerifySpan serverSpan) {
    if (serverSpan == null) throw new NullPointerException("serverSpan == null");
    RequestSpans request = open.remove(keyOf(serverSpan));
    if (request != null) handOutside(request);
  }

  /**
   * Takes a span for its request. Spans of no open request go to the fallback, or are counted as
   * {@link DropReason#NO_REQUEST}. Never blocks on I/O, never throws.
   */
  @Override
  public void report(JstVerifySpan span) {
    if (span == null) return;
    if (closed.get()) {
      metrics.recordDropped(DropReason.AFTER_CLOSE, 1);
      return;
    }
    RequestSpans request = open.get(span.localRootId());
    if (request == null) {
      outsideRequest(span);
      return;
    }
    // The request's own root always gets in, whatever the bounds: the header is built around it,
    // it finishes last, and there is at most one per open request.
    boolean root = request.isRoot(span);
    if (held.incrementAndGet() > maxSpans && !root) {
      held.decrementAndGet();
      metrics.recordDropped(DropReason.QUEUE_FULL, 1);
      return;
    }
    int added = request.add(span, root);
    if (added == RequestSpans.ADDED) return;
    held.decrementAndGet();
    if (added == RequestSpans.FULL) {
      metrics.recordDropped(DropReason.RELAY_HEADER_FULL, 1);
    } else {
      outsideRequest(span); // the request ended in the meantime
    }
  }

  /** Flushes the fallback reporter, if any: spans of open requests wait for their response. */
  @Override
  public boolean flush(Duration timeout) {
    return fallback == null || fallback.flush(timeout);
  }

  /**
   * Closes the fallback reporter. Requests still open can still be ended: their spans finished
   * before the close and may yet ride on their responses.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    if (fallback != null) fallback.close();
  }

  /** Requests begun and not yet ended. */
  int openRequests() {
    return open.size();
  }

  @Override
  public String toString() {
    return "RelayReporter{openRequests=" + open.size() + ", fallback=" + fallback + "}";
  }

  // ---- internals ----

  private long queueLength() {
    long length = held.get();
    if (fallback instanceof DirectReporter) length += ((DirectReporter) fallback).queueLength();
    return length;
  }

  private void outsideRequest(JstVerifySpan span) {
    if (fallback != null) {
      // A fallback that breaks its contract costs this span only: not the application's call
      // (beginRequest, abandonRequest), nor the rest of an evicted or abandoned request.
      GuardedReport.report(fallback, span, metrics, LOG);
    } else {
      metrics.recordDropped(DropReason.NO_REQUEST, 1);
    }
  }

  // The local root is the first span of the trace in this process: the server span itself in
  // the usual case, or the span an outer integration started if the server span is nested.
  private static long keyOf(JstVerifySpan serverSpan) {
    long localRoot = serverSpan.localRootId();
    return localRoot != 0L ? localRoot : serverSpan.context().spanId();
  }

  /**
   * Makes room for a new request: drops the oldest one, most likely never ended. Returns false
   * when no request is open.
   */
  private boolean evictOldest() {
    Long oldestKey = null;
    long oldestBegan = Long.MAX_VALUE;
    for (Map.Entry<Long, RequestSpans> e : open.entrySet()) {
      if (e.getValue().beganNanos - oldestBegan < 0L || oldestKey == null) {
        oldestKey = e.getKey();
        oldestBegan = e.getValue().beganNanos;
      }
    }
    if (oldestKey == null) return false;
    RequestSpans evicted = open.remove(oldestKey);
    if (evicted == null) return true; // ended or evicted meanwhile: room made all the same
    int spans = handOutside(evicted);
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine(
          "JstVerify relay: more than " + maxOpenRequests + " requests open; the oldest, with "
              + spans + " spans, was never ended (is endRequest called?)");
    }
    return true;
  }

  /** Ends a request removed from {@code open}; its spans go where spans outside requests go. */
  private int handOutside(RequestSpans request) {
    JstVerifySpan[] spans = request.end();
    held.addAndGet(-spans.length);
    for (JstVerifySpan span : spans) outsideRequest(span);
    return spans.length;
  }

  private String encode(JstVerifySpan serverSpan, JstVerifySpan[] spans) {
    RelayHeaders.Packed packed =
        RelayHeaders.pack(Arrays.asList(spans), serverSpan.context().spanId());
    if (packed.leftOut > 0) metrics.recordDropped(DropReason.RELAY_HEADER_FULL, packed.leftOut);
    if (packed.included > 0) metrics.recordReported(packed.included);
    if (LOG.isLoggable(Level.FINE)) {
      LOG.fine(
          "JstVerify relay: " + packed.included + " spans in the header"
              + (packed.leftOut > 0 ? ", " + packed.leftOut + " left out" : ""));
    }
    return packed.value;
  }

  /** The spans of one open request, in finish order. */
  private static final class RequestSpans {
    static final int ADDED = 0;
    static final int FULL = 1;
    static final int ENDED = 2;
    private static final JstVerifySpan[] NONE = new JstVerifySpan[0];

    final long beganNanos;
    final long serverSpanId;
    final long localRootId;
    private JstVerifySpan[] spans = NONE;
    private int count;
    private boolean ended;

    RequestSpans(long beganNanos, long serverSpanId, long localRootId) {
      this.beganNanos = beganNanos;
      this.serverSpanId = serverSpanId;
      this.localRootId = localRootId;
    }

    /** The server span, or the local root it is nested in. */
    boolean isRoot(JstVerifySpan span) {
      long id = span.context().spanId();
      return id == serverSpanId || id == localRootId;
    }

    synchronized int add(JstVerifySpan span, boolean root) {
      if (ended) return ENDED;
      if (count >= MAX_SPANS_PER_REQUEST && !root) return FULL;
      if (count == spans.length) spans = Arrays.copyOf(spans, count == 0 ? 8 : count * 2);
      spans[count++] = span;
      return ADDED;
    }

    /** Ends the request: later {@link #add}s fail. Returns the spans collected. */
    synchronized JstVerifySpan[] end() {
      ended = true;
      JstVerifySpan[] out = Arrays.copyOf(spans, count);
      spans = NONE;
      count = 0;
      return out;
    }
  }

  /**
   * Configures a {@link RelayReporter}.
   *
   * <pre>{@code
   * RelayReporter relay = RelayReporter.builder()
   *     .fallback(DirectReporter.builder().apiKey("...").build())
   *     .build();
   * }</pre>
   */
  public static final class Builder {
    Reporter fallback;
    int maxSpans = 10_000;
    int maxOpenRequests = DEFAULT_MAX_OPEN_REQUESTS;

    Builder() {}

    /** Where spans finished outside any request go (background jobs); none by default. */
    public Builder fallback(Reporter fallback) {
      if (fallback == null) throw new NullPointerException("fallback == null");
      this.fallback = fallback;
      return this;
    }

    /** Spans held at most across all open requests (10000 by default); more are dropped. */
    public Builder maxQueueSize(int maxQueueSize) {
      if (maxQueueSize < 1) {
        throw new IllegalArgumentException("maxQueueSize must be at least 1: " + maxQueueSize);
      }
      this.maxSpans = maxQueueSize;
      return this;
    }

    /** Requests open at most; beyond, the oldest is evicted. */
    Builder maxOpenRequests(int maxOpenRequests) {
      if (maxOpenRequests < 1) {
        throw new IllegalArgumentException(
            "maxOpenRequests must be at least 1: " + maxOpenRequests);
      }
      this.maxOpenRequests = maxOpenRequests;
      return this;
    }

    public RelayReporter build() {
      return new RelayReporter(this);
    }
  }
}
