package com.jstverify.tracing.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import org.junit.jupiter.api.Test;

class ClientSpansTest {

  @Test
  void urlWithoutQuery_leavesOutDefaultPorts_andKeepsOthers() {
    assertEquals("https://api.example.com/v1/users", ClientSpans.urlWithoutQuery("https", "api.example.com", 443, "/v1/users"));
    assertEquals("http://api.example.com/", ClientSpans.urlWithoutQuery("http", "api.example.com", 80, ""));
    assertEquals("http://127.0.0.1:8080/x", ClientSpans.urlWithoutQuery("http", "127.0.0.1", 8080, "/x"));
    assertEquals("https://api.example.com:80/x", ClientSpans.urlWithoutQuery("https", "api.example.com", 80, "/x"));
  }

  @Test
  void urlWithoutQuery_bracketsIpv6Hosts_once() {
    assertEquals("http://[::1]:8080/", ClientSpans.urlWithoutQuery("http", "::1", 8080, "/"));
    assertEquals("http://[::1]:8080/", ClientSpans.urlWithoutQuery("http", "[::1]", 8080, "/"));
  }

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
