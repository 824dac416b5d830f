package dev.iotpipeline.fanout.function;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;

/** Collects every log record of the JVM (message, parameters and stack traces) while open. */
final class LogCapture extends Handler implements AutoCloseable {

  private final StringBuilder text = new StringBuilder();
  private final Logger root = Logger.getLogger("");

  LogCapture() {
    setLevel(Level.ALL);
    root.addHandler(this);
  }

  @Override
  public synchronized void publish(LogRecord record) {
    String message =
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    text.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(' ');
    text.append(message).append('\n');
    if (record.getParameters() != null) {
      for (Object parameter : record.getParameters()) {
        text.append("  param: ").append(parameter).append('\n');
      }
    }
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      text.append(trace);
    }
  }

  synchronized String text() {
    return text.toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    root.removeHandler(this);
  }
}
