package org.lpos.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.FileHandler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * A node process's logging, by its options: WARNING by default, INFO with {@code -v}, FINE with
 * {@code -d}; the original's {@code -o FILE} instead of the console; and {@code node.log} at INFO
 * under the node's output directory. Every handler rate-limits the transport's own records.
 *
 * @param logFile {@code -o}, or null
 * @param nodeDir the node's output directory, or null
 */
record NodeLogging(boolean debug, boolean verbose, Path logFile, Path nodeDir) {

  /** Configures the root logger of this process. */
  static void configure(NodeLogging options) throws IOException {
    Logger root = Logger.getLogger("");
    Level level = options.debug() ? Level.FINE : options.verbose() ? Level.INFO : Level.WARNING;
    root.setLevel(level);
    TransportLogFilter.keepTransportAtInfo();
    TransportLogFilter transportLogs = new TransportLogFilter();
    for (var h : root.getHandlers()) {
      h.setLevel(level);
      h.setFilter(transportLogs);
    }
    if (options.logFile() != null) {
      // The original's -o: the log goes to FILE instead of the console.
      for (var h : root.getHandlers()) {
        root.removeHandler(h);
      }
      Path parent = options.logFile().toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      root.addHandler(fileHandler(options.logFile(), level, transportLogs));
    }
    if (options.nodeDir() != null) {
      Files.createDirectories(options.nodeDir());
      root.addHandler(fileHandler(options.nodeDir().resolve("node.log"), options.debug() ? Level.FINE : Level.INFO,
          transportLogs));
      if (!options.debug()) {
        root.setLevel(Level.INFO);
      }
    }
  }

  private static FileHandler fileHandler(Path file, Level level, TransportLogFilter filter) throws IOException {
    FileHandler handler = new FileHandler(file.toString(), true);
    handler.setFormatter(new SimpleFormatter());
    handler.setLevel(level);
    handler.setFilter(filter);
    return handler;
  }
}
