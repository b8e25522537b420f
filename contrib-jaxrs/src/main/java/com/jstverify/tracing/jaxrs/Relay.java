package com.jstverify.tracing.jaxrs;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.JstVerifyTracing;
import com.jstverify.tracing.reporter.RelayHeaders;
import com.jstverify.tracing.reporter.RelayReporter;
import com.jstverify.tracing.reporter.Reporter;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.util.GlobalTracer;
import jakarta.ws.rs.container.ContainerResponseContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Relay mode (wire contract section 4): with a {@link JstVerifyTracer} whose reporter is a {@link
 * RelayReporter}, the spans a request produced ride back on its response in {@value
 * RelayHeaders#HEADER_NAME}.
 */
final class Relay {
  private static final Logger LOG = Logger.getLogger(Relay.class.getName());

  private Relay() {}

  /**
   * Starts collecting the request's spans, or returns null when the tracer does not relay. Call
   * it right after the server span started, before any child of it finishes.
   */
  static Request begin(Tracer tracer, Span serverSpan) {
    if (!(serverSpan instanceof JstVerifySpan)) return null;
    RelayReporter reporter = relayReporterOf(tracer);
    if (reporter == null) return null;
    JstVerifySpan span = (JstVerifySpan) serverSpan;
    try {
      reporter.beginRequest(span);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "beginning the relay request failed", e);
      return null;
    }
    return new Request(reporter, span);
  }

  private static RelayReporter relayReporterOf(Tracer tracer) {
    JstVerifyTracer jstVerify = null;
    if (tracer instanceof JstVerifyTracer) {
      jstVerify = (JstVerifyTracer) tracer;
    } else if (tracer instanceof GlobalTracer) {
      // GlobalTracer hides what it delegates to; JstVerifyTracing.init put ours behind it.
      jstVerify = JstVerifyTracing.tracer();
    }
    if (jstVerify == null) return null;
    Reporter reporter = jstVerify.reporter();
    return reporter instanceof RelayReporter ? (RelayReporter) reporter : null;
  }

  /** One request's collection, ended exactly once: on its response, or discarded. */
  static final class Request {
    private final RelayReporter reporter;
    private final JstVerifySpan serverSpan;

    Request(RelayReporter reporter, JstVerifySpan serverSpan) {
      this.reporter = reporter;
      this.serverSpan = serverSpan;
    }

    /**
     * Ends the collection (the server span must have finished) and writes the spans header,
     * adding it to {@value RelayHeaders#EXPOSE_HEADERS} after whatever the application put there.
     */
    void writeTo(ContainerResponseContext response) {
      String spans = reporter.endRequest(serverSpan);
      if (spans == null) return;
      response.getHeaders().putSingle(RelayHeaders.HEADER_NAME, spans);
      // getHeaderString joins repeated headers with ",": every existing name is kept.
      String exposed = response.getHeaderString(RelayHeaders.EXPOSE_HEADERS);
      response.getHeaders().putSingle(RelayHeaders.EXPOSE_HEADERS, RelayHeaders.mergeExposeHeaders(exposed));
    }

    /**
     * Ends the collection when no header can be written any more (the response is gone): its
     * spans go where spans outside any request go, the fallback reporter or the drop count.
     */
    void discard() {
      try {
        reporter.abandonRequest(serverSpan);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "ending the relay request failed", e);
      }
    }
  }
}
