package com.jstverify.tracing.internal;

/**
 * Integers as applications and events give them: a number, or a numeric string (a tag set as
 * {@code "200"}, an API Gateway response's {@code "statusCode": "404"}).
 */
public final class IntValues {
  private IntValues() {}

  /** {@code value} as an integer, or {@code null} when it is neither a number nor numeric text. */
  public static Integer of(Object value) {
    if (value instanceof Number) {
      try {
        return ((Number) value).intValue();
      } catch (Throwable t) { // a foreign Number of the application's: no integer, no exception
        Throwables.propagateIfFatal(t);
        return null;
      }
    }
    if (value instanceof String) {
      try {
        return Integer.valueOf(((String) value).trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
