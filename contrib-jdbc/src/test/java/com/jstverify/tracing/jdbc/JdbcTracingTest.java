package com.jstverify.tracing.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.jstverify.tracing.testing.TestTracer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class JdbcTracingTest {
  private final TestTracer tracer = TestTracer.create();
  private final JdbcTracing tracing = JdbcTracing.builder().tracer(tracer).build();

  @Test
  void aDriverWithoutTheJdbc4WrapperMethods_isStillTraced() throws SQLException {
    // jTDS and other JDBC 3 drivers answer isWrapperFor with an AbstractMethodError.
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:jdbc3", "sa", "")) {
      Connection traced = tracing.connection(withoutWrapperMethods(h2));
      try (Statement s = traced.createStatement()) {
        s.execute("SELECT 1");
      }
    }
    assertEquals(1, tracer.finishedSpans().size());
    assertEquals("h2 SELECT", tracer.finishedSpans().get(0).operationName());
  }

  private static Connection withoutWrapperMethods(Connection real) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (self, method, args) -> {
              if (method.getName().equals("isWrapperFor") || method.getName().equals("unwrap")) {
                throw new AbstractMethodError(method.getName());
              }
              try {
                return method.invoke(real, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }
}
