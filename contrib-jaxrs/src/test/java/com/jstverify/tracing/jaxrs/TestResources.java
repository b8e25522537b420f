package com.jstverify.tracing.jaxrs;

import io.opentracing.Span;
import io.opentracing.Tracer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.MessageBodyWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Resources, mappers and probes of the IT tests; public because Jersey invokes them. */
public final class TestResources {
  private TestResources() {}

  /** The active span's id, or "none": shows what the resource method runs in. */
  static String activeSpanId(Tracer tracer) {
    Span active = tracer.activeSpan();
    return active == null ? "none" : active.context().toSpanId();
  }

  @Path("/users")
  public static final class Users {
    private final Tracer tracer;

    public Users(Tracer tracer) {
      this.tracer = tracer;
    }

    @GET
    @Path("{id: [0-9]+}")
    public String get(@PathParam("id") String id) {
      return activeSpanId(tracer);
    }
  }

  /** Makes a child span of the server span, as application code does. */
  @Path("work")
  public static final class Work {
    private final Tracer tracer;

    public Work(Tracer tracer) {
      this.tracer = tracer;
    }

    @GET
    public String work() {
      tracer.buildSpan("work").start().finish();
      return "done";
    }
  }

  /** A sub-resource locator: {@link Items} knows only its own part of the route. */
  @Path("/orders")
  public static final class Orders {
    @Path("{id: [0-9]+}/items")
    public Items items() {
      return new Items();
    }

    /** A root resource as a sub-resource too: its own {@code @Path} is ignored then. */
    @Path("{id: [0-9]+}/comments")
    public Comments comments() {
      return new Comments();
    }
  }

  @Path("/comments")
  public static final class Comments {
    @GET
    @Path("{commentId}")
    public String comment(@PathParam("commentId") String commentId) {
      return "comment " + commentId;
    }
  }

  public static final class Items {
    @GET
    public String list() {
      return "items";
    }

    @GET
    @Path("{itemId}")
    public String item(@PathParam("itemId") String itemId) {
      return "item " + itemId;
    }
  }

  @Path("/health")
  public static final class Health {
    @GET
    public String health() {
      return "ok";
    }
  }

  @Path("/async")
  public static final class Async {
    private static final Executor LATER = CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS);
    private final Tracer tracer;

    public Async(Tracer tracer) {
      this.tracer = tracer;
    }

    @GET
    @Path("resume")
    public void resume(@Suspended AsyncResponse response) {
      String seenInResource = activeSpanId(tracer);
      LATER.execute(() -> response.resume(Response.status(202).entity(seenInResource).build()));
    }

    @GET
    @Path("resume-unwritable")
    public void resumeUnwritable(@Suspended AsyncResponse response) {
      Unwritable entity = new Unwritable(new IllegalStateException("cannot serialize"), 0);
      LATER.execute(
          () -> response.resume(Response.ok(entity, MediaType.APPLICATION_JSON_TYPE).build()));
    }

    /** Never resumed: the runtime answers 503 when the timeout expires. */
    @GET
    @Path("timeout")
    public void timeout(@Suspended AsyncResponse response) {
      response.setTimeout(50, TimeUnit.MILLISECONDS);
    }

    @GET
    @Path("cancel")
    public void cancel(@Suspended AsyncResponse response) {
      LATER.execute(response::cancel);
    }

    @GET
    @Path("stage")
    public CompletionStage<String> stage() {
      String seenInResource = activeSpanId(tracer);
      return CompletableFuture.supplyAsync(() -> seenInResource, LATER);
    }

    @GET
    @Path("stage-fails")
    public CompletionStage<String> stageFails() {
      return CompletableFuture.supplyAsync(
          () -> {
            throw new Boom("async boom");
          },
          LATER);
    }
  }

  @Path("/errors")
  public static final class Errors {
    @GET
    @Path("mapped5xx")
    public String mapped5xx() {
      throw new Boom("downstream is down");
    }

    @GET
    @Path("mapped4xx")
    public String mapped4xx() {
      throw new BadInput("id must be a number");
    }

    @GET
    @Path("unmapped")
    public String unmapped() {
      throw new IllegalStateException("nobody maps me");
    }

    @GET
    @Path("mapped-unwritable")
    public String mappedToAnUnwritableResponse() {
      throw new Doomed("and so is its error page");
    }
  }

  /**
   * An entity whose writer fails, as a JSON serializer does on an object it cannot serialize,
   * after writing {@code bytesFirst} bytes: more than Jersey buffers (8 KiB) sends the headers
   * before the failure.
   */
  public static final class Unwritable {
    final RuntimeException failure;
    final int bytesFirst;

    Unwritable(RuntimeException failure, int bytesFirst) {
      this.failure = failure;
      this.bytesFirst = bytesFirst;
    }
  }

  @Produces(MediaType.WILDCARD)
  public static final class UnwritableWriter implements MessageBodyWriter<Unwritable> {
    @Override
    public boolean isWriteable(
        Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
      return type == Unwritable.class;
    }

    @Override
    public void writeTo(
        Unwritable entity,
        Class<?> type,
        Type genericType,
        Annotation[] annotations,
        MediaType mediaType,
        MultivaluedMap<String, Object> headers,
        OutputStream body)
        throws IOException {
      body.write(new byte[entity.bytesFirst]);
      throw entity.failure;
    }
  }

  @Path("/unwritable")
  @Produces(MediaType.APPLICATION_JSON)
  public static final class Unwritables {
    @GET
    @Path("unmapped")
    public Unwritable unmapped() {
      return new Unwritable(new IllegalStateException("cannot serialize"), 0);
    }

    @GET
    @Path("mapped")
    public Unwritable mapped() {
      return new Unwritable(new Boom("serializer is down"), 0);
    }

    @GET
    @Path("after-headers")
    public Unwritable afterHeaders() {
      return new Unwritable(new IllegalStateException("failed mid-body"), 64 * 1024);
    }
  }

  /** Calls {@link Chain#b} with the traced client: one trace across two server spans. */
  @Path("/chain")
  public static final class Chain {
    private final Client client;

    public Chain(Client client) {
      this.client = client;
    }

    @GET
    @Path("a")
    public String a(@Context UriInfo uri) {
      return client.target(uri.getBaseUri()).path("chain/b").request().get(String.class);
    }

    @GET
    @Path("b")
    public String b() {
      return "b";
    }
  }

  public static final class Boom extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Boom(String message) {
      super(message);
    }
  }

  public static final class BadInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadInput(String message) {
      super(message);
    }
  }

  /** Mapped to a response whose entity fails to serialize too. */
  public static final class Doomed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Doomed(String message) {
      super(message);
    }
  }

  public static final class DoomedMapper implements ExceptionMapper<Doomed> {
    @Override
    public Response toResponse(Doomed e) {
      return Response.status(503)
          .entity(new Unwritable(new IllegalStateException("cannot serialize the error page"), 0))
          .type(MediaType.APPLICATION_JSON)
          .build();
    }
  }

  public static final class BoomMapper implements ExceptionMapper<Boom> {
    @Override
    public Response toResponse(Boom e) {
      return Response.status(503).entity("unavailable").build();
    }
  }

  public static final class BadInputMapper implements ExceptionMapper<BadInput> {
    @Override
    public Response toResponse(BadInput e) {
      return Response.status(400).entity("bad input").build();
    }
  }

  /** Records the span active when a request arrives, before any tracing: a leak shows here. */
  @PreMatching
  public static final class LeakProbe implements ContainerRequestFilter {
    final List<String> activeAtStart = new CopyOnWriteArrayList<>();
    private final Tracer tracer;

    public LeakProbe(Tracer tracer) {
      this.tracer = tracer;
    }

    @Override
    public void filter(ContainerRequestContext request) {
      activeAtStart.add(activeSpanId(tracer));
    }
  }

  /**
   * An authentication filter that turns a request away before any resource matches, or fails
   * with an exception no mapper handles.
   */
  @PreMatching
  public static final class Gatekeeper implements ContainerRequestFilter {
    @Override
    public void filter(ContainerRequestContext request) {
      if (request.getHeaderString("X-Deny") != null) {
        request.abortWith(Response.status(401).entity("who are you?").build());
      }
      if (request.getHeaderString("X-Break-Gatekeeper") != null) {
        throw new IllegalStateException("gatekeeper broke");
      }
    }
  }

  /** An application's own CORS header, which relay mode must extend, not replace. */
  public static final class CorsHeaders implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
      response.getHeaders().add("Access-Control-Expose-Headers", "X-Request-Id");
    }
  }

  /**
   * Another application response filter that fails, before ours runs (higher priority value,
   * so earlier in the response chain): Jersey then skips the rest of the chain.
   */
  @jakarta.annotation.Priority(6000)
  public static final class FailingResponseFilter implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
      if (request.getHeaderString("X-Fail-Response-Filter") != null) {
        throw new IllegalStateException("response filter failed");
      }
    }
  }
}
