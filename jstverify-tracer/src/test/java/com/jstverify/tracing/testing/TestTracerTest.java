package com.jstverify.tracing.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TestTracerTest {

  @Test
  void create_withNullCustomizer_failsNamingTheArgument() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> TestTracer.create(null));
    assertEquals("customizer == null", e.getMessage());
  }
}
