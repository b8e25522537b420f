package com.jstverify.tracing.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import org.junit.jupiter.api.Test;

class TracingClientFilterTest {
  @Test
  void url_dropsQueryAndFragment_whichMayCarrySecrets() {
    assertEquals(
        "https://api.example.com/v1/users",
        TracingClientFilter.httpUrl(URI.create("https://api.example.com/v1/users?token=s3cret#x")));
    assertEquals("http://h:8080/a", TracingClientFilter.httpUrl(URI.create("http://h:8080/a")));
  }

  @Test
  void url_dropsPathParameters_whereServersPutTheSessionId() {
    assertEquals(
        "https://shop.example.com/cart/items",
        TracingClientFilter.httpUrl(
            URI.create("https://shop.example.com/cart;jsessionid=1A2B3C4D/items;v=2")));
  }

  @Test
  void url_dropsUserInfo_whichCarriesCredentials() {
    assertEquals(
        "https://api.example.com/v1/users",
        TracingClientFilter.httpUrl(URI.create("https://alice:s3cret@api.example.com/v1/users")));
    assertEquals(
        "http://127.0.0.1:8080/a",
        TracingClientFilter.httpUrl(URI.create("http://alice:s3cret@127.0.0.1:8080/a?q=1")));
    assertEquals(
        "http://[::1]:8080/a", TracingClientFilter.httpUrl(URI.create("http://bob@[::1]:8080/a")));
  }

  @Test
  void url_ofAHostUriCannotParse_keepsTheHost_withoutUserInfo() {
    // java.net.URI refuses "_" in a server name (Docker Compose service names have them): it
    // then knows only the authority, user info included.
    assertEquals(
        "http://inventory_api:8080/stock",
        TracingClientFilter.httpUrl(URI.create("http://alice:s3cret@inventory_api:8080/stock")));
  }

  @Test
  void url_leavesOutDefaultPorts_andNamesTheRootPath() {
    assertEquals(
        "https://api.example.com/v1",
        TracingClientFilter.httpUrl(URI.create("https://api.example.com:443/v1")));
    assertEquals(
        "http://api.example.com/", TracingClientFilter.httpUrl(URI.create("http://api.example.com")));
    assertEquals(
        "http://api.example.com:443/",
        TracingClientFilter.httpUrl(URI.create("HTTP://api.example.com:443")));
  }

  @Test
  void hostAndPort_ofAHostUriCannotParse_comeFromTheAuthority() {
    // Else the span is named "GET null" and the map's edge has no peer.hostname.
    URI compose = URI.create("http://alice:s3cret@inventory_api:8080/stock");
    assertEquals("inventory_api", TracingClientFilter.hostOf(compose));
    assertEquals(8080, TracingClientFilter.portOf(compose));
    URI noPort = URI.create("https://inventory_api/stock");
    assertEquals("inventory_api", TracingClientFilter.hostOf(noPort));
    assertEquals(443, TracingClientFilter.portOf(noPort));
    assertEquals("api.example.com", TracingClientFilter.hostOf(URI.create("http://api.example.com/")));
    assertNull(TracingClientFilter.hostOf(URI.create("file:///tmp/x")));
  }

  @Test
  void port_defaultsFromTheScheme() {
    assertEquals(443, TracingClientFilter.portOf(URI.create("https://example.com/")));
    assertEquals(80, TracingClientFilter.portOf(URI.create("http://example.com/")));
    assertEquals(8080, TracingClientFilter.portOf(URI.create("http://example.com:8080/")));
  }
}
