package com.jstverify.tracing.demo;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ServiceMapDemoTest {

  @Test
  void theServersStartAndStopMessages_stayQuiet_afterAGarbageCollection() throws Exception {
    ServiceMapDemo.quietServerLogs();
    // JUL holds loggers weakly: a level set on a logger nobody references is lost with it.
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
    }
    Logger grizzly = Logger.getLogger("org.glassfish.grizzly.http.server.NetworkListener");
    assertFalse(grizzly.isLoggable(Level.INFO), "Grizzly's INFO lines would be printed");
    assertFalse(grizzly.isLoggable(Level.WARNING), "Jersey's WARNING lines would be printed");
  }
}
