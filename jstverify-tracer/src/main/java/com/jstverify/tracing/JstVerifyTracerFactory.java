package com.jstverify.tracing;

import io.opentracing.Tracer;
import io.opentracing.contrib.tracerresolver.TracerFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets frameworks that resolve tracers through {@code opentracing-tracerresolver} find the
 * JstVerify tracer: each call builds a new tracer from the environment and system properties.
 * Registering it globally is {@link JstVerifyTracing#init}'s job, not this factory's.
 *
 * <pre>{@code
 * Tracer tracer = TracerResolver.resolveTracer(); // a JstVerifyTracer when configured
 * }</pre>
 *
 * <p>Returns {@code null} (so the resolver moves on) when the environment does not configure a
 * usable tracer, logging why at WARNING: a resolver has no other way to say it.
 */
public final class JstVerifyTracerFactory implements TracerFactory {
  private static final Logger LOG = Logger.getLogger(JstVerifyTracerFactory.class.getName());

  @Override
  public Tracer getTracer() {
    try {
      return JstVerifyTracer.builder().fromEnvironment().build();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "JstVerify tracer not configured: " + e.getMessage());
      return null;
    }
  }
}
