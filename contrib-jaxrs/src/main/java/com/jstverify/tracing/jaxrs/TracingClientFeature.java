package com.jstverify.tracing.jaxrs;

import io.opentracing.Tracer;
import io.opentracing.util.GlobalTracer;
import jakarta.ws.rs.ConstrainedTo;
import jakarta.ws.rs.RuntimeType;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Traces the calls of a Jakarta REST client: one client span per request, child of the span
 * active where the call was made, with the tracer's headers injected so the called service
 * continues the trace.
 *
 * <pre>{@code
 * Client client = ClientBuilder.newClient()
 *     .register(TracingClientFeature.builder().tracer(tracer).build());
 * }</pre>
 *
 * <p>Jersey's client runs the filters of async calls ({@code async()}, {@code rx()}, an {@code
 * InvocationCallback}) on its executor thread; a {@code PreInvocationInterceptor} notes the
 * caller's span before the call leaves the calling thread, so those calls stay in the caller's
 * trace. On other clients an async call's span is a child of whatever is active on the thread
 * that runs the filters, often nothing: a new trace.
 *
 * <p>A request that fails without a response (connection refused, timeout) never reaches client
 * response filters; on Jersey's client the span is finished with {@code error=true} anyway,
 * through a {@code PostInvocationInterceptor}. On other clients such a span stays unfinished and
 * is not reported.
 */
@ConstrainedTo(RuntimeType.CLIENT)
public final class TracingClientFeature implements Feature {
  private static final Logger LOG = Logger.getLogger(TracingClientFeature.class.getName());
  /** Jersey 2.30 and later: both invocation interceptor types came with that release. */
  private static final boolean JERSEY_CLIENT =
      TracingFeature.isPresent("org.glassfish.jersey.client.spi.PreInvocationInterceptor")
          && TracingFeature.isPresent("org.glassfish.jersey.client.spi.PostInvocationInterceptor");

  final Tracer tracer;
  final Function<ClientRequestContext, String> operationName;

  /** Traces with {@link GlobalTracer} and the defaults of {@link Builder}. */
  public TracingClientFeature() {
    this(builder());
  }

  private TracingClientFeature(Builder b) {
    this.tracer = b.tracer != null ? b.tracer : GlobalTracer.get();
    this.operationName = b.operationName;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean configure(FeatureContext context) {
    context.register(new TracingClientFilter(this), TracingClientFilter.PRIORITY);
    if (JERSEY_CLIENT) {
      try {
        context.register(JerseyCallingThread.create(tracer));
        context.register(JerseyClientErrors.create());
      } catch (RuntimeException | LinkageError e) {
        LOG.log(Level.FINE, "Jersey client interceptors not registered", e);
      }
    }
    return true;
  }

  /** Configures a {@link TracingClientFeature}; nothing is required. */
  public static final class Builder {
    Tracer tracer;
    Function<ClientRequestContext, String> operationName = DEFAULT_OPERATION_NAME;

    Builder() {}

    /** The tracer (default: {@link GlobalTracer#get()}). */
    public Builder tracer(Tracer tracer) {
      if (tracer == null) throw new NullPointerException("tracer == null");
      this.tracer = tracer;
      return this;
    }

    /** Names the client span from the request. Default: {@code "<METHOD> <host>"}. */
    public Builder operationName(Function<ClientRequestContext, String> operationName) {
      if (operationName == null) throw new NullPointerException("operationName == null");
      this.operationName = operationName;
      return this;
    }

    public TracingClientFeature build() {
      return new TracingClientFeature(this);
    }
  }

  static final Function<ClientRequestContext, String> DEFAULT_OPERATION_NAME =
      request -> request.getMethod() + " " + TracingClientFilter.hostOf(request.getUri());
}
