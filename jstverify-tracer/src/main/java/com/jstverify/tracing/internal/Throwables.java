package com.jstverify.tracing.internal;

/**
 * What the tracer does with a {@code Throwable} from code it calls but does not own: a tag
 * value's {@code toString()}, an exception's {@code getMessage()}, an OkHttp interceptor. Such
 * code can throw an {@code Error} as well as an exception ({@code AssertionError}, {@code
 * NoClassDefFoundError}); that is the value's fault, and must cost one span at most, never the
 * reporter's thread or the application's call.
 */
public final class Throwables {
  private Throwables() {}

  /**
   * Rethrows {@code t} when the JVM itself is failing ({@link VirtualMachineError}: out of
   * memory, an internal error), where carrying on helps nobody. A {@link StackOverflowError} is
   * not rethrown: a value whose {@code toString()} recurses without end overflows the stack of
   * whoever prints it, and the thread is fine once it has unwound.
   */
  public static void propagateIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
      throw (VirtualMachineError) t;
    }
  }

  /**
   * {@code t.getMessage()}, or {@code null} when that throws: recording the application's
   * exception on a span must never replace it with one of its own.
   */
  public static String messageOf(Throwable t) {
    try {
      return t.getMessage();
    } catch (Throwable broken) {
      propagateIfFatal(broken);
      return null;
    }
  }
}
