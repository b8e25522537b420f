package com.jstverify.tracing.reporter;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Captures every java.util.logging record of the tracer's loggers ({@code com.jstverify.tracing}
 * and below), FINE included, for the duration of a test.
 *
 * <pre>{@code
 * try (RecordingLogHandler logs = RecordingLogHandler.install()) {
 *   ...
 *   assertEquals(1, logs.at(Level.WARNING, SpanSender.LOGGER_NAME).size());
 * }
 * }</pre>
 */
public final class RecordingLogHandler extends Handler implements AutoCloseable {
  private final Logger root = Logger.getLogger("com.jstverify.tracing");
  private final Level previousLevel;
  private final List<LogRecord> records = new ArrayList<>();

  private RecordingLogHandler() {
    previousLevel = root.getLevel();
    setLevel(Level.ALL);
    root.setLevel(Level.ALL);
    root.addHandler(this);
  }

  public static RecordingLogHandler install() {
    return new RecordingLogHandler();
  }

  @Override
  public synchronized void publish(LogRecord record) {
    records.add(record);
  }

  synchronized List<LogRecord> records() {
    return new ArrayList<>(records);
  }

  /** Records of exactly {@code level} from the logger {@code loggerName}. */
  public List<LogRecord> at(Level level, String loggerName) {
    return records().stream()
        .filter(r -> r.getLevel() == level && loggerName.equals(r.getLoggerName()))
        .collect(Collectors.toList());
  }

  /** Every record as text: message, parameters and thrown exceptions, for leak checks. */
  String allText() {
    StringBuilder out = new StringBuilder();
    for (LogRecord r : records()) {
      out.append(r.getLoggerName()).append(' ').append(r.getMessage()).append('\n');
      if (r.getParameters() != null) {
        for (Object p : r.getParameters()) out.append(p).append('\n');
      }
      for (Throwable t = r.getThrown(); t != null; t = t.getCause()) out.append(t).append('\n');
    }
    return out.toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
    root.setLevel(previousLevel);
  }
}
