package com.jstverify.tracing.jaxrs;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * The whole route template of a request as Jersey matched it, sub-resource locators included:
 * {@code /orders/{id}/items/{itemId}} where the sub-resource's own annotations say only {@code
 * /{itemId}}. Loaded only when Jersey's server is on the class path ({@link TracingFeature}
 * checks).
 */
final class JerseyRoutes {
  private JerseyRoutes() {}

  /** The route, or null when this is not a request Jersey matched. */
  static String matched(ContainerRequestContext request) {
    UriInfo uriInfo = request.getUriInfo();
    if (!(uriInfo instanceof ExtendedUriInfo)) return null;
    List<UriTemplate> innermostFirst = ((ExtendedUriInfo) uriInfo).getMatchedTemplates();
    if (innermostFirst == null || innermostFirst.isEmpty()) return null;
    List<String> outermostFirst = new ArrayList<>(innermostFirst.size());
    for (int i = innermostFirst.size() - 1; i >= 0; i--) {
      outermostFirst.add(innermostFirst.get(i).getTemplate());
    }
    return RouteTemplates.join(outermostFirst);
  }

  /**
   * The route of a request that reached its resource method through a sub-resource locator, or
   * null when no locator led there. A root resource returned by a locator is one: its own {@code
   * @Path} is ignored then, and the route is the locator's.
   */
  static String matchedThroughLocator(ContainerRequestContext request) {
    UriInfo uriInfo = request.getUriInfo();
    if (!(uriInfo instanceof ExtendedUriInfo)) return null;
    List<?> locators = ((ExtendedUriInfo) uriInfo).getMatchedResourceLocators();
    return locators == null || locators.isEmpty() ? null : matched(request);
  }
}
