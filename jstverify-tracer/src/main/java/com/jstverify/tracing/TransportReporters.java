package com.jstverify.tracing;

import com.jstverify.tracing.reporter.DirectReporter;
import com.jstverify.tracing.reporter.RelayReporter;
import com.jstverify.tracing.reporter.Reporter;
import java.util.logging.Logger;

/** Turns the builder's transport settings into the reporter that delivers spans. */
final class TransportReporters {
  private static final Logger LOG = Logger.getLogger(TransportReporters.class.getName());

  private TransportReporters() {}

  /**
   * DIRECT: a {@link DirectReporter} (the API key is required). RELAY: a {@link RelayReporter},
   * with a direct fallback for spans outside requests when an endpoint was explicitly configured
   * and an API key is there to send with it.
   *
   * @throws IllegalStateException when the direct transport has no API key
   */
  static Reporter create(JstVerifyTracer.Builder b) {
    if (b.transport == Transport.RELAY) {
      RelayReporter.Builder relay = RelayReporter.builder().maxQueueSize(b.maxQueueSize);
      if (b.endpointSet && b.apiKey != null) {
        relay.fallback(direct(b));
      } else if (b.endpointSet) {
        LOG.warning(
            "JstVerify relay transport: an endpoint is set but no API key, so spans finished"
                + " outside a request cannot be sent directly and are dropped (NO_REQUEST)."
                + " Call apiKey(...) or set JSTVERIFY_API_KEY.");
      }
      return relay.build();
    }
    if (b.apiKey == null) {
      throw new IllegalStateException(
          "apiKey is required for the direct transport: call apiKey(...), or set JSTVERIFY_API_KEY"
              + " and build with JstVerifyTracing.init() or JstVerifyTracer.builder()"
              + ".fromEnvironment() (a builder alone does not read the environment)");
    }
    return direct(b);
  }

  private static DirectReporter direct(JstVerifyTracer.Builder b) {
    return DirectReporter.builder()
        .endpoint(b.endpoint)
        .apiKey(b.apiKey)
        .flushInterval(b.flushInterval)
        .maxQueueSize(b.maxQueueSize)
        .maxBatchSize(b.maxBatchSize)
        .closeTimeout(b.closeTimeout)
        .debug(b.debug)
        .build();
  }
}
