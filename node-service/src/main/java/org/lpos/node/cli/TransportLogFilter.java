package org.lpos.node.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Bounds what a peer can make grpc-java and Netty write to a node's log. Both log a WARNING with
 * a full stack trace (about 5 KB) for every stream that fails in the transport, e.g. each refused
 * oversized frame ("gRPC message exceeds maximum size") or each call a client cancels mid-write,
 * so a stranger repeating one cheap refused request grows the log by megabytes a second.
 *
 * <p>Installed on the node's log handlers, this filter lets records of other loggers through
 * untouched. For loggers under {@code io.grpc} and {@code io.netty} (shaded or not) it passes at
 * most {@value #RECORDS_PER_WINDOW} records per logger per {@value #WINDOW_SECONDS} s, each reduced
 * to one line (the exception's class and message replace its stack trace), and the first record
 * after a suppressed stretch says how many were dropped. A logging {@link Filter} may only accept
 * or refuse; rewriting the record it is handed is what keeps the line short, and is safe because
 * the node's handlers are the only consumers of these records.
 */
public final class TransportLogFilter implements Filter {
  static final int RECORDS_PER_WINDOW = 5;
  static final long WINDOW_SECONDS = 60;

  /**
   * The transport's parent loggers, held so their levels stay set: the logging framework keeps
   * loggers only weakly, and a collected logger loses its level.
   */
  private static final Logger[] TRANSPORT_LOGGERS = {Logger.getLogger("io.grpc"), Logger.getLogger("io.netty")};

  private final LongSupplier nanoClock;
  private final Map<String, Window> windows = new HashMap<>();

  /**
   * Keeps grpc-java and Netty at INFO and above whatever the node's own level: the original's
   * {@code -d} means the node's debug lines, and at FINE Netty logs every HTTP/2 frame, which
   * costs more CPU than the node's work when ten nodes share two cores.
   */
  public static void keepTransportAtInfo() {
    for (Logger logger : TRANSPORT_LOGGERS) {
      logger.setLevel(Level.INFO);
    }
  }

  /** A filter on the system's monotonic clock. */
  public TransportLogFilter() {
    this(System::nanoTime);
  }

  TransportLogFilter(LongSupplier nanoClock) {
    this.nanoClock = nanoClock;
  }

  @Override
  public synchronized boolean isLoggable(LogRecord record) {
    String logger = record.getLoggerName();
    if (logger == null || !isTransport(logger)) {
      return true;
    }
    long now = nanoClock.getAsLong();
    Window window = windows.computeIfAbsent(logger, k -> new Window(now));
    if (now - window.start >= TimeUnit.SECONDS.toNanos(WINDOW_SECONDS)) {
      window.start = now;
      window.passed = 0;
    }
    if (window.passed >= RECORDS_PER_WINDOW) {
      window.suppressed++;
      return false;
    }
    window.passed++;
    shorten(record, window.suppressed);
    window.suppressed = 0;
    return true;
  }

  private static boolean isTransport(String logger) {
    return logger.startsWith("io.grpc.") || logger.startsWith("io.netty.");
  }

  private static void shorten(LogRecord record, long suppressed) {
    StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
    Throwable thrown = record.getThrown();
    if (thrown != null) {
      line.append(": ").append(oneLine(thrown));
      record.setThrown(null);
    }
    if (suppressed > 0) {
      line.append(" (").append(suppressed).append(" similar records from this logger suppressed)");
    }
    record.setMessage(line.toString());
  }

  private static String oneLine(Throwable thrown) {
    String text = thrown.toString().replaceAll("\\s+", " ");
    return text.length() > 300 ? text.substring(0, 300) + "..." : text;
  }

  private static final class Window {
    long start;
    int passed;
    long suppressed;

    Window(long start) {
      this.start = start;
    }
  }
}
