package com.jstverify.tracing;

/** Why a finished span was not delivered. Each is counted in {@link TracerMetrics}. */
public enum DropReason {
  /** The reporter's bounded queue was full (the application is never blocked instead). */
  QUEUE_FULL,
  /** The ingestion API refused the batch (a 4xx other than 429: bad API key, bad payload). */
  REJECTED,
  /** The span was not sampled ({@code sampling.priority=0}, or an unsampled parent). */
  UNSAMPLED,
  /** The span finished after the tracer was closed. */
  AFTER_CLOSE,
  /** Relay mode: the span did not fit in the 7500-byte response header. */
  RELAY_HEADER_FULL,
  /**
   * Relay mode: the span finished outside any request, or its request ended without a response
   * to carry it, and no endpoint was configured to send it directly.
   */
  NO_REQUEST,
  /** The batch still failed when the tracer closed, or its retries ran out. */
  DELIVERY_FAILED
}
