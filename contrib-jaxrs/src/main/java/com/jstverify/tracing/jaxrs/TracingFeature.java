package com.jstverify.tracing.jaxrs;

import io.opentracing.Tracer;
import io.opentracing.util.GlobalTracer;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.Collections;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Traces every request to a Jakarta REST 3.x application: one server span per request, named
 * after the route template ({@code GET /users/{id}}), continuing the trace of the JstVerify or W3C
 * headers it receives. Requests that match no resource method are traced too, under {@link
 * #UNMATCHED_ROUTE}. Works with any OpenTracing tracer; with a {@code JstVerifyTracer}
 * in relay mode it also writes the request's spans on the response ({@code X-JstVerify-Spans}).
 *
 * <pre>{@code
 * ResourceConfig app = new ResourceConfig(UserResource.class)
 *     .register(TracingFeature.builder()
 *         .tracer(tracer)
 *         .skipPattern(Pattern.compile("/health"))
 *         .build());
 * }</pre>
 *
 * <p>{@code register(TracingFeature.class)} works too: the tracer is then {@link GlobalTracer}.
 * Tracing never throws into the application: a failing step is logged at FINE and skipped.
 */
@ConstrainedTo(RuntimeType.SERVER)
public final class TracingFeature implements Feature {
  private static final Logger LOG = Logger.getLogger(TracingFeature.class.getName());
  static final boolean JERSEY_SERVER =
      isPresent("org.glassfish.jersey.server.monitoring.ApplicationEventListener");

  /**
   * The route of a request no resource method matched (a 404, a 405, or a request a pre-matching
   * filter aborted): such spans are named {@code "GET (unmatched)"} by default, one name for all,
   * and keep the path they asked for in {@code http.url}.
   */
  public static final String UNMATCHED_ROUTE = "(unmatched)";

  final Tracer tracer;
  final Pattern skipPattern;
  final BiFunction<ContainerRequestContext, String, String> operationName;
  final Function<ContainerRequestContext, Map<String, ?>> extraTags;

  /**
   * Whether response filters may leave a span open until its entity is written: only once the
   * Jersey hooks that finish it ({@link ResponseEntities}, {@link JerseyServerEvents}) are
   * registered. Elsewhere spans finish in the response filter, before the entity.
   */
  volatile boolean finishesAfterEntity;

  /** Traces with {@link GlobalTracer} and the defaults of {@link Builder}. */
  public TracingFeature() {
    this(builder());
  }

  private TracingFeature(Builder b) {
    this.tracer = b.tracer != null ? b.tracer : GlobalTracer.get();
    this.skipPattern = b.skipPattern;
    this.operationName = b.operationName;
    this.extraTags = b.extraTags;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean configure(FeatureContext context) {
    // The route template is only known per resource method, so the filters are bound there;
    // requests that match none are traced by a global pair.
    context.register(new Routes());
    UnmatchedRequests unmatched = new UnmatchedRequests(this);
    context.register(unmatched, TracingServerFilter.PRIORITY);
    // Jersey on the class path is not enough: another runtime would never send the events that
    // finish what the response filter leaves open.
    if (JERSEY_SERVER && isJersey(context)) {
      try {
        context.register(JerseyServerEvents.create(unmatched));
        // Outermost (lowest priority first): it sees the failures of other interceptors too.
        context.register(new ResponseEntities(), TracingServerFilter.PRIORITY);
        finishesAfterEntity = true;
      } catch (RuntimeException | LinkageError e) {
        LOG.log(Level.FINE, "Jersey event listener or entity interceptor not registered", e);
      }
    }
    return true;
  }

  private static boolean isJersey(FeatureContext context) {
    try {
      return context.getConfiguration().getClass().getName().startsWith("org.glassfish.jersey.");
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Binds one filter pair, knowing its route, to each resource method. */
  final class Routes implements DynamicFeature {
    @Override
    public void configure(ResourceInfo resourceInfo, FeatureContext context) {
      String route;
      boolean subResource;
      try {
        Class<?> resourceClass = resourceInfo.getResourceClass();
        route = RouteTemplates.of(resourceClass, resourceInfo.getResourceMethod());
        // Reached through a sub-resource locator (or a method the runtime generated, such as
        // Jersey's OPTIONS): the class has no @Path, so this template is only the tail.
        subResource = !RouteTemplates.isRootResource(resourceClass);
      } catch (RuntimeException e) {
        LOG.log(Level.FINE, "no route template for " + resourceInfo.getResourceMethod(), e);
        route = null;
        subResource = false;
      }
      context.register(
          new TracingServerFilter(TracingFeature.this, route, subResource, true),
          TracingServerFilter.PRIORITY);
    }
  }

  /**
   * Configures a {@link TracingFeature}. Nothing is required: the defaults trace every request
   * with {@link GlobalTracer}.
   */
  public static final class Builder {
    Tracer tracer;
    Pattern skipPattern;
    BiFunction<ContainerRequestContext, String, String> operationName = DEFAULT_OPERATION_NAME;
    Function<ContainerRequestContext, Map<String, ?>> extraTags = NO_EXTRA_TAGS;

    Builder() {}

    /** The tracer (default: {@link GlobalTracer#get()}). */
    public Builder tracer(Tracer tracer) {
      if (tracer == null) throw new NullPointerException("tracer == null");
      this.tracer = tracer;
      return this;
    }

    /**
     * Requests whose path matches this pattern entirely are not traced (health checks, metrics).
     * The path is relative to the application root and starts with a slash: {@code /health}.
     */
    public Builder skipPattern(Pattern skipPattern) {
      if (skipPattern == null) throw new NullPointerException("skipPattern == null");
      this.skipPattern = skipPattern;
      return this;
    }

    /**
     * Names the server span from the request and the route template ({@code /users/{id}}, the
     * request path when the resource has no template, or {@link #UNMATCHED_ROUTE} when no
     * resource method matched). Default: {@code "<METHOD> <route>"}. On Jersey, a {@code HEAD}
     * request served by a {@code GET} method says {@code GET} in {@code getMethod()} by then; the
     * default name and {@code http.method} still say {@code HEAD}.
     */
    public Builder operationName(BiFunction<ContainerRequestContext, String, String> operationName) {
      if (operationName == null) throw new NullPointerException("operationName == null");
      this.operationName = operationName;
      return this;
    }

    /**
     * Tags to add to each server span, read from the request (e.g. a tenant header). Values are
     * set as String, Number or Boolean tags; other values as their {@code toString()}.
     */
    public Builder extraTags(Function<ContainerRequestContext, Map<String, ?>> extraTags) {
      if (extraTags == null) throw new NullPointerException("extraTags == null");
      this.extraTags = extraTags;
      return this;
    }

    public TracingFeature build() {
      return new TracingFeature(this);
    }
  }

  static final BiFunction<ContainerRequestContext, String, String> DEFAULT_OPERATION_NAME =
      (request, route) -> TracingServerFilter.methodOf(request) + " " + route;

  static final Function<ContainerRequestContext, Map<String, ?>> NO_EXTRA_TAGS =
      request -> Collections.emptyMap();

  /** Whether an optional dependency is on the class path, without initializing anything. */
  static boolean isPresent(String className) {
    try {
      Class.forName(className, false, TracingFeature.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }
}
