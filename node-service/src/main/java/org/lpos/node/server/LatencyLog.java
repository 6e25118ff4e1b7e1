package org.lpos.node.server;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Commit latencies (submission to commit, in ms) of the transactions a node's workload sent, with
 * the commit time (epoch ms), appended to {@code latency.csv} in the node's output directory (or
 * discarded without one).
 */
public final class LatencyLog implements AutoCloseable {
  private final BufferedWriter out;
  private boolean closed;

  /** A log in {@code dir}, or a discarding one when {@code dir} is null. */
  public LatencyLog(Path dir) {
    if (dir == null) {
      out = null;
      return;
    }
    try {
      Files.createDirectories(dir);
      out = Files.newBufferedWriter(dir.resolve("latency.csv"), StandardCharsets.UTF_8);
      out.write("commit_time_ms,latency_ms\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public synchronized void record(long commitMs, long latencyMs) {
    if (out == null || closed) {
      return;
    }
    try {
      out.write(commitMs + "," + latencyMs + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flushes what was recorded (the demo reads it while the node runs). */
  public synchronized void flush() {
    if (out != null && !closed) {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (out != null && !closed) {
      closed = true;
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
