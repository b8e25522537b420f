package com.jstverify.tracing.jaxrs;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Traces the requests that reach no resource method, so a browser's call to a wrong URL still
 * shows on the service map: a 404 or 405 from matching, or a pre-matching filter's abort (a 401).
 * {@link TracingServerFilter} is bound per resource method and never sees them.
 *
 * <p>Its pre-matching request filter notes when each request arrived; a matched request's own
 * filter removes that note. A response that still carries it gets its span here, started at the
 * arrival time, named with {@link TracingFeature#UNMATCHED_ROUTE} (a raw path would add a node
 * per URL a scanner tries) and finished at once by the same code that finishes matched spans.
 * Being the one pre-matching filter, it also notes a {@code HEAD} request before Jersey turns it
 * into a {@code GET}.
 */
@PreMatching
final class UnmatchedRequests implements ContainerRequestFilter, ContainerResponseFilter {
  /** The request property with the arrival time, epoch microseconds, while no method matched. */
  static final String ARRIVED_MICROS = UnmatchedRequests.class.getName() + ".arrivedMicros";
  /**
   * The request property present when the request came as {@code HEAD}: Jersey serves it with the
   * {@code GET} resource method and says {@code GET} from then on ({@link
   * TracingServerFilter#methodOf}).
   */
  static final String HEAD_METHOD = UnmatchedRequests.class.getName() + ".head";

  private static final Logger LOG = Logger.getLogger(UnmatchedRequests.class.getName());

  private final TracingServerFilter spans;

  UnmatchedRequests(TracingFeature feature) {
    this.spans = new TracingServerFilter(feature, TracingFeature.UNMATCHED_ROUTE, false, false);
  }

  @Override
  public void filter(ContainerRequestContext request) {
    try {
      request.setProperty(ARRIVED_MICROS, ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
      if (HttpMethod.HEAD.equals(request.getMethod())) {
        request.setProperty(HEAD_METHOD, Boolean.TRUE);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "noting the request's arrival failed", e);
    }
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    beginIfUnmatched(request);
    spans.filter(request, response);
  }

  /**
   * Starts the span of a request no resource method matched, from its arrival, once; does
   * nothing for a matched one. The response filter calls it, and so does {@link
   * JerseyServerEvents} when an unmapped exception made Jersey skip the response filters.
   */
  void beginIfUnmatched(ContainerRequestContext request) {
    Object arrived;
    try {
      arrived = request.getProperty(ARRIVED_MICROS);
      if (!(arrived instanceof Long)) return; // a resource method matched: its filter handled it
      request.removeProperty(ARRIVED_MICROS);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "reading the request's arrival failed", e);
      return;
    }
    spans.begin(request, (Long) arrived);
  }
}
