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
}
