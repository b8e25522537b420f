package com.jstverify.tracing.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ServiceMapTest {

  @Test
  void latencies_printWithADecimalPoint_whateverTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      Locale.setDefault(Locale.GERMANY);
      assertEquals("13.6ms", ServiceMap.millis(13_600));
    } finally {
      Locale.setDefault(saved);
    }
  }
}
