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
}
