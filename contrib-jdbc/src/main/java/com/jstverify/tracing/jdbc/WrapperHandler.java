package com.jstverify.tracing.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Wrapper;

/**
 * What every traced JDBC proxy does the same way: {@code unwrap} and {@code isWrapperFor} see
 * through to the real object (pools and JPA providers rely on it), identity-based {@code equals}
 * and {@code hashCode}, and calls passed to the real object with its own exceptions unchanged.
 */
abstract class WrapperHandler<T extends Wrapper> implements InvocationHandler {
  final T delegate;
  private final String name;

  WrapperHandler(T delegate, String name) {
    this.delegate = delegate;
    this.name = name;
  }

  /** The traced methods; anything else returns {@link #passThrough}. */
  abstract Object invokeTraced(Object self, Method method, Object[] args) throws Throwable;

  @Override
  public final Object invoke(Object self, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "unwrap":
        // null goes to the driver untouched: it answers as it would unwrapped (H2 throws an
        // SQLException), where iface.isInstance would throw a NullPointerException of ours.
        Class<?> iface = (Class<?>) args[0];
        if (iface != null && iface.isInstance(self)) return self;
        if (iface != null && iface.isInstance(delegate)) return delegate;
        return delegate.unwrap(iface);
      case "isWrapperFor":
        Class<?> wanted = (Class<?>) args[0];
        if (wanted == null) return delegate.isWrapperFor(null);
        return wanted.isInstance(self) || wanted.isInstance(delegate) || delegate.isWrapperFor(wanted);
      case "equals":
        return self == args[0];
      case "hashCode":
        return System.identityHashCode(self);
      case "toString":
        return name + "{" + delegate + "}";
      default:
        return invokeTraced(self, method, args);
    }
  }

  /** The call on the real object; the driver's own exception comes out unchanged. */
  final Object call(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(delegate, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
