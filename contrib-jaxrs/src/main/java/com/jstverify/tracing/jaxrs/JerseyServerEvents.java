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
 * matched no resource method, or when the response entity failed to write (see {@link
 * ResponseEntities}), with the status the client got.
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
          finishIfStillOpen(event);
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

  /**
   * Finishes a span still open when Jersey is done with the request: the response filters were
   * skipped (an exception no mapper handled), or the entity writer failed, or Jersey never wrote
   * the entity the span waited for.
   */
  private static void finishIfStillOpen(RequestEvent event) {
    ServerSpanState state = stateOf(event);
    if (state == null) return;
    state.closeScope();
    ContainerResponse response = event.getContainerResponse();
    Throwable failure = escaped(event);
    // An exception that reached the container: it sends a 500 in place of the response.
    int status = response == null || failure != null ? 500 : response.getStatus();
    // A writer that failed once the headers were out: Jersey only logs it, the body is cut short.
    if (failure == null && !event.isResponseWritten()) failure = state.entityFailure();
    boolean finishedHere = state.finish(status, failure);
    if (finishedHere && state.relay != null) {
      // Too late for a header: the response is gone. Release the request's buffered spans.
      state.relay.discard();
    }
  }

  /**
   * The exception Jersey gave up on and handed to the container, or null: one no mapper turned
   * into a response, or one that writing the mapper's response threw. An exception a mapper
   * handled is judged by the status of the response it became.
   */
  private static Throwable escaped(RequestEvent event) {
    Throwable exception = event.getException();
    if (exception == null) return null;
    boolean handled =
        event.isResponseSuccessfullyMapped()
            && event.getExceptionCause() != RequestEvent.ExceptionCause.MAPPED_RESPONSE;
    return handled ? null : unwrap(exception);
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
