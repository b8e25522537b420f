package com.jstverify.tracing.jaxrs;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.glassfish.jersey.server.ContainerRequest;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;

/**
 * What portable filters cannot do, done with Jersey's request events: close the scope when the
 * resource method returns (on the request thread, even when an async resource completes later on
 * another one), see the exception the resource threw, and finish the span when Jersey skipped the
 * response filters (an exception no {@code ExceptionMapper} handles), also for a request that
 * matched no resource method.
 *
 * <p>Loaded only when Jersey's server is on the class path ({@link TracingFeature} checks). It keeps
 * no per-request state (that is in the request property the filters use), so one listener serves
 * every request.
 */
final class JerseyServerEvents implements ApplicationEventListener, RequestEventListener {
  private static final Logger LOG = Logger.getLogger(JerseyServerEvents.class.getName());

  private static final String MAPPABLE_EXCEPTION =
      "org.glassfish.jersey.server.internal.process.MappableException";

  private final UnmatchedRequests unmatched;

  private JerseyServerEvents(UnmatchedRequests unmatched) {
    this.unmatched = unmatched;
  }

  /** Returns Object so that callers link against this class only when Jersey is present. */
  static Object create(UnmatchedRequests unmatched) {
    return new JerseyServerEvents(unmatched);
  }

  @Override
  public void onEvent(ApplicationEvent event) {}

  @Override
  public RequestEventListener onRequest(RequestEvent requestEvent) {
    return this;
  }

  @Override
  public void onEvent(RequestEvent event) {
    try {
      switch (event.getType()) {
        case RESOURCE_METHOD_FINISHED:
          // Same thread as the request filter: close here so an async resource does not leave
          // its span active on the container's thread for the next request.
          ServerSpanState state = stateOf(event);
          if (state != null) state.closeScope();
          break;
        case ON_EXCEPTION:
          // A request that matched nothing (a 404, or a pre-matching filter that threw) has no
          // span yet: start it now, so that it keeps the exception.
          beginIfUnmatched(event);
          state = stateOf(event);
          if (state != null) state.recordException(unwrap(event.getException()));
          break;
        case FINISHED:
          // Also when Jersey skipped the response filters of a request that matched nothing.
          beginIfUnmatched(event);
          finishIfFiltersSkipped(event);
          break;
        default:
          break;
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.FINE, "tracing of Jersey event " + event.getType() + " failed", e);
    }
  }

  private void beginIfUnmatched(RequestEvent event) {
    ContainerRequest request = event.getContainerRequest();
    if (request != null && stateOf(event) == null) unmatched.beginIfUnmatched(request);
  }

  private static void finishIfFiltersSkipped(RequestEvent event) {
    ServerSpanState state = stateOf(event);
    if (state == null) return;
    state.closeScope();
    ContainerResponse response = event.getContainerResponse();
    int status = response != null ? response.getStatus() : 500;
    // An exception that a mapper turned into a response is judged by that response's status.
    boolean unmappedFailure = response == null || !event.isResponseSuccessfullyMapped();
    Throwable unmapped = unmappedFailure ? unwrap(event.getException()) : null;
    boolean finishedHere = state.finish(status, unmapped);
    if (finishedHere && state.relay != null) {
      // Too late for a header: the response is gone. Release the request's buffered spans.
      state.relay.discard();
    }
  }

  /** The application's exception, not Jersey's internal wrapper around it. */
  static Throwable unwrap(Throwable t) {
    // MappableException is Jersey-internal API, so it is recognised by name.
    for (int i = 0; t != null && i < 4; i++) {
      if (t.getCause() == null || !MAPPABLE_EXCEPTION.equals(t.getClass().getName())) return t;
      t = t.getCause();
    }
    return t;
  }

  private static ServerSpanState stateOf(RequestEvent event) {
    ContainerRequest request = event.getContainerRequest();
    if (request == null) return null;
    Object state = request.getProperty(ServerSpanState.PROPERTY);
    return state instanceof ServerSpanState ? (ServerSpanState) state : null;
  }
}
