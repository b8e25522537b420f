package com.jstverify.tracing.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class UrlPathsTest {
  @Test
  void aPathWithoutParameters_isReturnedAsItIs() {
    String path = "/v1/users/42";
    assertSame(path, UrlPaths.withoutParameters(path));
    assertEquals("", UrlPaths.withoutParameters(""));
    assertNull(UrlPaths.withoutParameters(null));
  }

  @Test
  void theSessionIdAServletContainerPutsInThePath_isLeftOut() {
    assertEquals("/cart", UrlPaths.withoutParameters("/cart;jsessionid=1A2B3C4D"));
    assertEquals("/cart/items", UrlPaths.withoutParameters("/cart;jsessionid=1A2B3C4D/items"));
  }

  @Test
  void everySegmentLosesItsParameters_andKeepsItsName() {
    assertEquals(
        "/cars/red/seats", UrlPaths.withoutParameters("/cars;year=2024;color=x/red;a=b/seats;c"));
    assertEquals("/a//b/", UrlPaths.withoutParameters("/a;x//b;y/"));
    assertEquals("/", UrlPaths.withoutParameters("/;x"));
    assertEquals("", UrlPaths.withoutParameters(";x"));
  }

  @Test
  void anEncodedSemicolon_isDataAndKept() {
    String path = "/files/a%3Bb.txt";
    assertSame(path, UrlPaths.withoutParameters(path));
  }

  @Test
  void httpUrl_leavesOutDefaultPorts_andKeepsOthers() {
    assertEquals("https://api.example.com/v1/users", UrlPaths.httpUrl("https", "api.example.com", 443, "/v1/users"));
    assertEquals("http://api.example.com/", UrlPaths.httpUrl("http", "api.example.com", 80, ""));
    assertEquals("http://127.0.0.1:8080/x", UrlPaths.httpUrl("http", "127.0.0.1", 8080, "/x"));
    assertEquals("https://api.example.com:80/x", UrlPaths.httpUrl("https", "api.example.com", 80, "/x"));
  }

  @Test
  void httpUrl_bracketsIpv6Hosts_once() {
    assertEquals("http://[::1]:8080/", UrlPaths.httpUrl("http", "::1", 8080, "/"));
    assertEquals("http://[::1]:8080/", UrlPaths.httpUrl("http", "[::1]", 8080, "/"));
  }
}
