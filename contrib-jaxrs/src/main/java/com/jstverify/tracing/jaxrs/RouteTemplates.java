package com.jstverify.tracing.jaxrs;

import jakarta.ws.rs.Path;
import java.lang.reflect.Method;

/**
 * The route template of a resource method, from its class's and its own {@code @Path}: {@code
 * /users/{id}}. Regular expressions in parameters are dropped ({@code {id: [0-9]+}} becomes
 * {@code {id}}): they make names long and say nothing the parameter name does not.
 */
final class RouteTemplates {
  private RouteTemplates() {}

  /** The template, starting with a slash ("/" for a root resource without paths). */
  static String of(Class<?> resourceClass, Method method) {
    StringBuilder route = new StringBuilder();
    Path classPath = classPath(resourceClass);
    if (classPath != null) append(route, classPath.value());
    Path methodPath = method != null ? methodPath(method) : null;
    if (methodPath != null) append(route, methodPath.value());
    return route.length() == 0 ? "/" : route.toString();
  }

  /** Whether the class (or a supertype) has a {@code @Path}: a root resource. */
  static boolean isRootResource(Class<?> resourceClass) {
    return classPath(resourceClass) != null;
  }

  /**
   * The route made of path templates as matched from the application root down (class, locator,
   * method), each written as {@code @Path} values are: {@code "/orders", "{id}/items"}.
   */
  static String join(Iterable<String> templates) {
    StringBuilder route = new StringBuilder();
    for (String template : templates) {
      if (template != null) append(route, template);
    }
    return route.length() == 0 ? "/" : route.toString();
  }

  /** {@code @Path} of the class, else of a superclass or interface (annotation inheritance). */
  private static Path classPath(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      Path p = c.getAnnotation(Path.class);
      if (p != null) return p;
      for (Class<?> i : c.getInterfaces()) {
        p = i.getAnnotation(Path.class);
        if (p != null) return p;
      }
    }
    return null;
  }

  /** {@code @Path} of the method, else of the method it implements or overrides. */
  private static Path methodPath(Method method) {
    Path p = method.getAnnotation(Path.class);
    if (p != null) return p;
    for (Class<?> c = method.getDeclaringClass(); c != null; c = c.getSuperclass()) {
      p = declaredPath(c, method);
      if (p != null) return p;
      for (Class<?> i : c.getInterfaces()) {
        p = declaredPath(i, method);
        if (p != null) return p;
      }
    }
    return null;
  }

  private static Path declaredPath(Class<?> type, Method method) {
    try {
      return type.getMethod(method.getName(), method.getParameterTypes()).getAnnotation(Path.class);
    } catch (NoSuchMethodException | SecurityException e) {
      return null;
    }
  }

  /** Appends one {@code @Path} value as slash-separated segments, without regular expressions. */
  private static void append(StringBuilder route, String path) {
    int depth = 0;
    boolean slashPending = true;
    boolean inRegex = false;
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (depth > 0) {
        // Inside a {name: regex} parameter; a regex may hold nested braces like {2,3}.
        if (c == '{') {
          depth++;
        } else if (c == '}') {
          depth--;
          if (depth == 0) {
            route.append('}');
            inRegex = false;
            continue;
          }
        } else if (c == ':' && depth == 1 && !inRegex) {
          inRegex = true;
          trimTrailingSpaces(route);
          continue;
        }
        if (!inRegex && c != ' ') route.append(c);
        continue;
      }
      if (c == '/') {
        slashPending = true;
        continue;
      }
      if (slashPending) {
        route.append('/');
        slashPending = false;
      }
      if (c == '{') depth = 1;
      route.append(c);
    }
  }

  private static void trimTrailingSpaces(StringBuilder route) {
    int n = route.length();
    while (n > 0 && route.charAt(n - 1) == ' ') n--;
    route.setLength(n);
  }
}
