package com.jstverify.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.jstverify.tracing.reporter.InMemoryReporter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class DebugLoggingTest {

  @Test
  void debugMode_printsEachMessageOnce_whenTheRootLoggerAlreadyPrintsToTheConsole() {
    Logger root = Logger.getLogger("");
    Logger ours = Logger.getLogger("com.jstverify.tracing");
    Handler[] rootHandlers = root.getHandlers();
    Handler[] ourHandlers = ours.getHandlers();
    Level ourLevel = ours.getLevel();
    PrintStream err = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try {
      for (Handler h : rootHandlers) root.removeHandler(h);
      for (Handler h : ourHandlers) ours.removeHandler(h);
      // ConsoleHandler writes to the System.err of the moment it is made.
      System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
      root.addHandler(new ConsoleHandler()); // the JDK's default: the root prints INFO and up

      JstVerifyTracer.builder()
          .serviceName("svc")
          .reporter(new InMemoryReporter())
          .debug(true)
          .shutdownHook(false)
          .build()
          .close();
      Logger.getLogger("com.jstverify.tracing.internal.Example").warning("once-only warning");
      Logger.getLogger("com.jstverify.tracing.internal.Example").fine("debug detail");
      for (Handler h : ours.getHandlers()) h.flush();
      for (Handler h : root.getHandlers()) h.flush();

      String printed = console.toString(StandardCharsets.UTF_8);
      assertEquals(1, count(printed, "once-only warning"), printed);
      assertEquals(1, count(printed, "debug detail"), printed);
    } finally {
      System.setErr(err);
      for (Handler h : root.getHandlers()) root.removeHandler(h);
      for (Handler h : rootHandlers) root.addHandler(h);
      for (Handler h : ours.getHandlers()) ours.removeHandler(h);
      for (Handler h : ourHandlers) ours.addHandler(h);
      ours.setLevel(ourLevel);
    }
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
    return n;
  }
}
