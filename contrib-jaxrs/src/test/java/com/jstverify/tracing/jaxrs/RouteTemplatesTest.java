package com.jstverify.tracing.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouteTemplatesTest {
  @Path("users/")
  static class Users {
    @GET
    public void list() {}

    @GET
    @Path("/{id}")
    public void get() {}

    @GET
    @Path("{id : [0-9]{1,6}}/orders/{orderId: [a-z]+}")
    public void orders() {}
  }

  static class NoPath {
    @GET
    public void get() {}
  }

  @Path("/api")
  interface Api {
    @GET
    @Path("items//{id}")
    void item();
  }

  static class ApiImpl implements Api {
    @Override
    public void item() {}
  }

  @Test
  void classAndMethodPaths_joinWithOneSlash() throws Exception {
    assertEquals("/users", route(Users.class, "list"));
    assertEquals("/users/{id}", route(Users.class, "get"));
  }

  @Test
  void regexParameters_keepOnlyTheirNames() throws Exception {
    assertEquals("/users/{id}/orders/{orderId}", route(Users.class, "orders"));
  }

  @Test
  void annotationsOnAnInterface_areInherited() throws Exception {
    assertEquals("/api/items/{id}", route(ApiImpl.class, "item"));
  }

  @Test
  void noPathAtAll_isTheRoot() throws Exception {
    assertEquals("/", route(NoPath.class, "get"));
  }

  @Test
  void rootResources_areTheClassesWithAPath() {
    assertTrue(RouteTemplates.isRootResource(Users.class));
    assertTrue(RouteTemplates.isRootResource(ApiImpl.class), "through its interface");
    assertFalse(RouteTemplates.isRootResource(NoPath.class));
  }

  @Test
  void matchedTemplates_joinFromTheRootDown() {
    assertEquals(
        "/orders/{id}/items/{itemId}",
        RouteTemplates.join(Arrays.asList("/", "/orders", "{id: [0-9]{1,9}}/items/", null, "/{itemId}")));
    assertEquals("/", RouteTemplates.join(List.of()));
  }

  private static String route(Class<?> type, String method) throws Exception {
    return RouteTemplates.of(type, type.getMethod(method));
  }
}
