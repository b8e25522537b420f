package com.jstverify.tracing.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TracingClientFilterTest {
  @Test
  void url_dropsQueryAndFragment_whichMayCarrySecrets() {
    assertEquals(
        "https://api.example.com/v1/users",
        TracingClientFilter.withoutQuery(URI.create("https://api.example.com/v1/users?token=s3cret#x")));
    assertEquals(
        "http://h:8080/a", TracingClientFilter.withoutQuery(URI.create("http://h:8080/a")));
  }

  @Test
  void port_defaultsFromTheScheme() {
    assertEquals(443, TracingClientFilter.portOf(URI.create("https://example.com/")));
    assertEquals(80, TracingClientFilter.portOf(URI.create("http://example.com/")));
    assertEquals(8080, TracingClientFilter.portOf(URI.create("http://example.com:8080/")));
  }
}
