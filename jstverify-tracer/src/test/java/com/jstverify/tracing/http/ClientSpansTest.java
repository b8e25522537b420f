package com.jstverify.tracing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ClientSpansTest {

  @Test
  void port_fallsBackToTheSchemesDefault() {
    assertEquals(443, ClientSpans.port(URI.create("https://a.example/")));
    assertEquals(80, ClientSpans.port(URI.create("http://a.example/")));
    assertEquals(9000, ClientSpans.port(URI.create("http://a.example:9000/")));
  }

  @Test
  void defaultName_isMethodAndHost() {
    assertEquals("GET api.example.com", ClientSpans.defaultName("GET", "api.example.com"));
    assertEquals("GET unknown-host", ClientSpans.defaultName("GET", null));
  }
}
