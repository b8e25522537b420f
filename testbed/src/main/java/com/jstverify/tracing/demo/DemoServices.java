package com.jstverify.tracing.demo;

import com.jstverify.tracing.JstVerifySpan;
import com.jstverify.tracing.JstVerifyTracer;
import com.jstverify.tracing.jaxrs.TracingClientFeature;
import com.jstverify.tracing.jaxrs.TracingFeature;
import com.jstverify.tracing.jdbc.JdbcTracing;
import io.opentracing.Span;
import io.opentracing.Tracer;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The demo's backends, each a Jersey application on loopback with its own tracer:
 * {@code orders-api} calls {@code inventory-api} through the traced JAX-RS client, {@code
 * inventory-api} reads stock from H2 through traced JDBC, and {@code pricing-api} runs in relay
 * mode (its spans ride back on the response).
 */
final class DemoServices implements AutoCloseable {
  /** A SKU whose lookup fails in the database: the map shows the errors. */
  static final String FAILING_SKU = "broken-sku";
  /** The response header in which the demo's services return their trace id. */
  static final String TRACE_ID_HEADER = "X-Demo-Trace-Id";

  final HttpServer inventory;
  final HttpServer orders;
  final HttpServer pricing;
  final Client ordersClient;

  DemoServices(JstVerifyTracer ordersTracer, JstVerifyTracer inventoryTracer, JstVerifyTracer pricingTracer) {
    DataSource database =
        JdbcTracing.builder().tracer(inventoryTracer).build().dataSource(h2WithStock());
    inventory = start(new ResourceConfig().register(new InventoryResource(database)), inventoryTracer);
    ordersClient =
        ClientBuilder.newClient().register(TracingClientFeature.builder().tracer(ordersTracer).build());
    orders =
        start(
            new ResourceConfig().register(new OrdersResource(ordersClient, baseUri(inventory), ordersTracer)),
            ordersTracer);
    pricing = start(new ResourceConfig().register(new PricingResource(pricingTracer)), pricingTracer);
  }

  static URI baseUri(HttpServer server) {
    return URI.create("http://127.0.0.1:" + server.getListeners().iterator().next().getPort() + "/");
  }

  private static HttpServer start(ResourceConfig app, Tracer tracer) {
    app.register(TracingFeature.builder().tracer(tracer).build());
    HttpServer server =
        GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), app, false);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return server;
  }

  private static DataSource h2WithStock() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:inventory;DB_CLOSE_DELAY=-1");
    h2.setUser("sa");
    try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS stock (sku VARCHAR(40) PRIMARY KEY, quantity INT)");
      s.execute(
          "MERGE INTO stock KEY (sku) VALUES ('sku-1', 12), ('sku-2', 0), ('sku-3', 7), ('"
              + FAILING_SKU
              + "', 5)");
    } catch (SQLException e) {
      throw new IllegalStateException("could not prepare the demo database", e);
    }
    return h2;
  }

  static String traceIdOf(Tracer tracer) {
    Span active = tracer.activeSpan();
    return active == null ? "" : active.context().toTraceId();
  }

  @Override
  public void close() {
    ordersClient.close();
    orders.shutdownNow();
    inventory.shutdownNow();
    pricing.shutdownNow();
  }

  @Path("/stock")
  public static final class InventoryResource {
    private final DataSource database;

    InventoryResource(DataSource database) {
      this.database = database;
    }

    @GET
    @Path("/{sku}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response stock(@PathParam("sku") String sku) throws SQLException {
      // The failing SKU divides by zero when the query runs: a real SQLException from the
      // database, raised by executeQuery and traced as an error.
      String column = FAILING_SKU.equals(sku) ? "quantity / (quantity - quantity)" : "quantity";
      try (Connection c = database.getConnection();
          PreparedStatement ps =
              c.prepareStatement("SELECT " + column + " FROM stock WHERE sku = ?")) {
        ps.setString(1, sku);
        try (ResultSet rs = ps.executeQuery()) {
          int quantity = rs.next() ? rs.getInt(1) : 0;
          return Response.ok("{\"sku\":\"" + sku + "\",\"quantity\":" + quantity + "}").build();
        }
      } catch (SQLException e) {
        return Response.serverError().entity("{\"error\":\"stock unavailable\"}").build();
      }
    }
  }

  @Path("/orders")
  public static final class OrdersResource {
    private final Client client;
    private final URI inventory;
    private final Tracer tracer;

    OrdersResource(Client client, URI inventory, Tracer tracer) {
      this.client = client;
      this.inventory = inventory;
      this.tracer = tracer;
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response order(@PathParam("id") String id) {
      String sku = id.startsWith("fail") ? FAILING_SKU : "sku-" + (Math.abs(id.hashCode()) % 3 + 1);
      try (Response stock = client.target(inventory).path("stock").path(sku).request().get()) {
        int status = stock.getStatus() >= 500 ? 502 : 200;
        return Response.status(status)
            .header(TRACE_ID_HEADER, traceIdOf(tracer))
            .entity("{\"order\":\"" + id + "\",\"stock\":" + stock.readEntity(String.class) + "}")
            .build();
      }
    }
  }

  @Path("/prices")
  public static final class PricingResource {
    private final Tracer tracer;

    PricingResource(Tracer tracer) {
      this.tracer = tracer;
    }

    @GET
    @Path("/{sku}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response price(@PathParam("sku") String sku) {
      JstVerifySpan compute = (JstVerifySpan) tracer.buildSpan("compute-price").start();
      long cents;
      try {
        cents = 999 + Math.abs(sku.hashCode() % 500);
        compute.setTag("price.cents", cents);
      } finally {
        compute.finish();
      }
      return Response.ok("{\"sku\":\"" + sku + "\",\"cents\":" + cents + "}")
          .header(TRACE_ID_HEADER, traceIdOf(tracer))
          .build();
    }
  }
}
