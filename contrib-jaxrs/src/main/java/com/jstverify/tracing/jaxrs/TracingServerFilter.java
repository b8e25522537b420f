package com.jstverify.tracing.jaxrs;

import com.jstverify.tracing.internal.UrlPaths;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tags;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import java.net.URI;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server span of one resource method: started, activated and stored in a request property by
 * the request filter, tagged and finished by the response filter (on Jersey, once the response
 * entity is written: see {@link ResponseEntities}). {@link UnmatchedRequests} uses one too, for
 * the requests no resource method matched.
 */
final class TracingServerFilter implements ContainerRequestFilter, ContainerResponseFilter {
  /**
   * Request filters run in ascending priority, response filters in descending: a low value starts
   * the span before other filters run and finishes it after they changed the response. Given at
   * registration, so no annotation API is needed on the class path.
   */
  static final int PRIORITY = 10;

  /** For {@link #begin}: start the span now, from the tracer's clock. */
  static final long NOW = -1L;

  private static final Logger LOG = Logger.getLogger(TracingServerFilter.class.getName());

  private final TracingFeature feature;
  private final String route;
  private final boolean routeFromMatch;
  private final boolean routeFromLocator;

  /**
   * @param route the route template, or null to name spans after the request path
   * @param routeFromMatch true when {@code route} is only the tail of the template (a
   *     sub-resource's methods know their own paths, not the locator's that led to them): on
   *     Jersey the whole template is read from each request's match
   * @param resourceMethod true when bound to a resource method: a root resource's may also be
   *     reached through another resource's sub-resource locator, which ignores the class's {@code
   *     @Path}; on Jersey such a request is named by the route it matched
   */
  TracingServerFilter(
      TracingFeature feature, String route, boolean routeFromMatch, boolean resourceMethod) {
    this.feature = feature;
    this.route = route;
    this.routeFromMatch = routeFromMatch && TracingFeature.JERSEY_SERVER;
    this.routeFromLocator = !routeFromMatch && resourceMethod && TracingFeature.JERSEY_SERVER;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    try {
      // A resource method matched: this request is not one for UnmatchedRequests.
      request.removeProperty(UnmatchedRequests.ARRIVED_MICROS);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "clearing the request's arrival time failed", e);
    }
    begin(request, NOW);
  }

  /**
   * Starts, activates and stores the request's server span unless it is a preflight, skipped or
   * already traced. {@code startMicros} is epoch microseconds, or {@link #NOW}.
   */
  void begin(ContainerRequestContext request, long startMicros) {
    try {
      if (request.getProperty(ServerSpanState.PROPERTY) != null) return; // registered twice
      if (isPreflight(request) || isSkipped(request)) return;
      start(request, startMicros);
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "starting the server span failed", e);
    }
  }

  private void start(ContainerRequestContext request, long startMicros) {
    Tracer tracer = feature.tracer;
    SpanContext parent = null;
    try {
      parent = tracer.extract(Format.Builtin.HTTP_HEADERS, new RequestHeaders(request.getHeaders()));
    } catch (RuntimeException e) {
      // Other tracers may throw on malformed headers (the OpenTracing javadoc allows it).
      LOG.log(Level.FINE, "extract failed: starting a new trace", e);
    }
    String method = methodOf(request);
    URI uri = request.getUriInfo().getRequestUri();
    String template = routeOf(request);
    String name = operationName(request, template);

    Tracer.SpanBuilder builder =
        tracer
            .buildSpan(name)
            // A server span starts a request: a span left active on this pooled thread by
            // something else must never become its parent.
            .ignoreActiveSpan()
            .withTag(Tags.SPAN_KIND.getKey(), Tags.SPAN_KIND_SERVER)
            .withTag(Tags.COMPONENT.getKey(), "jaxrs")
            .withTag(Tags.HTTP_METHOD.getKey(), method)
            // Path parameters left out, as the client filter does: ;jsessionid= is a credential.
            .withTag(Tags.HTTP_URL.getKey(), UrlPaths.withoutParameters(uri.getRawPath()));
    if (parent != null) builder.asChildOf(parent);
    if (startMicros != NOW) builder.withStartTimestamp(startMicros);
    Span span = builder.start();
    addExtraTags(request, span);

    Relay.Request relay = Relay.begin(tracer, span);
    Scope scope = tracer.activateSpan(span);
    request.setProperty(ServerSpanState.PROPERTY, new ServerSpanState(span, scope, relay));
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    ServerSpanState state;
    try {
      state = (ServerSpanState) request.getProperty(ServerSpanState.PROPERTY);
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "reading the server span failed", e);
      return;
    }
    if (state == null) return;
    // On Jersey the event listener already closed it; elsewhere this is the request thread of a
    // synchronous resource, or another thread where closeScope() leaves it alone.
    state.closeScope();
    if (state.relay == null && feature.finishesAfterEntity && response.hasEntity()) {
      // The entity is written after the filters, and a writer that fails makes Jersey send
      // another response (a 500, or a mapper's): the span waits to see which. Relay mode cannot
      // wait: its header carries the finished span and must go out before the entity.
      state.finishAfterEntity(response.getStatus());
      return;
    }
    if (!state.finish(response.getStatus(), null)) return;
    if (state.relay != null) {
      try {
        state.relay.writeTo(response);
      } catch (RuntimeException | LinkageError e) {
        LOG.log(Level.FINE, "writing the relay header failed", e);
      }
    }
  }

  private String routeOf(ContainerRequestContext request) {
    if (routeFromMatch || routeFromLocator) {
      try {
        String matched =
            routeFromMatch
                ? JerseyRoutes.matched(request)
                : JerseyRoutes.matchedThroughLocator(request);
        if (matched != null) return matched;
      } catch (RuntimeException | LinkageError e) {
        LOG.log(Level.FINE, "reading Jersey's matched templates failed", e);
      }
    }
    return route != null ? route : pathOf(request);
  }

  private String operationName(ContainerRequestContext request, String template) {
    try {
      String name = feature.operationName.apply(request, template);
      if (name != null) return name;
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "operationName function failed", e);
    }
    return TracingFeature.DEFAULT_OPERATION_NAME.apply(request, template);
  }

  /** The method the request came with: {@code HEAD}, where Jersey has since said {@code GET}. */
  static String methodOf(ContainerRequestContext request) {
    return request.getProperty(UnmatchedRequests.HEAD_METHOD) != null
        ? HttpMethod.HEAD
        : request.getMethod();
  }

  private void addExtraTags(ContainerRequestContext request, Span span) {
    if (feature.extraTags == TracingFeature.NO_EXTRA_TAGS) return;
    try {
      Map<String, ?> tags = feature.extraTags.apply(request);
      if (tags == null) return;
      for (Map.Entry<String, ?> e : tags.entrySet()) {
        String key = e.getKey();
        Object value = e.getValue();
        if (key == null || value == null) continue;
        if (value instanceof Number) {
          span.setTag(key, (Number) value);
        } else if (value instanceof Boolean) {
          span.setTag(key, (Boolean) value);
        } else {
          span.setTag(key, value.toString());
        }
      }
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "extraTags function failed", e);
    }
  }

  private boolean isSkipped(ContainerRequestContext request) {
    return feature.skipPattern != null && feature.skipPattern.matcher(pathOf(request)).matches();
  }

  /** A CORS preflight: the browser asking, not the application being called. */
  static boolean isPreflight(ContainerRequestContext request) {
    return HttpMethod.OPTIONS.equals(request.getMethod())
        && request.getHeaderString("Access-Control-Request-Method") != null;
  }

  /** The request path relative to the application root, with a leading slash. */
  static String pathOf(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (path == null || path.isEmpty()) return "/";
    return path.charAt(0) == '/' ? path : "/" + path;
  }
}
