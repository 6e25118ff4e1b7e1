package org.lpos.node.it;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.lpos.proto.v1.ConnectedPeer;
import org.lpos.proto.v1.GetPeersRequest;

/**
 * What a four-node cluster did over one measured window: each node's height at both ends, every
 * sample in which a node answered GetPeers without one of the other honest nodes, how often a node
 * did not answer at all, and each node's resident memory (the most sampled in the window, and the
 * kernel's high-water mark at the end). Used by the attack suite to compare a window under attack
 * with one just before it.
 */
@SuppressWarnings("ArrayRecordComponent") // per-node samples, read by index and never compared
record ClusterWindow(long[] from, long[] to, double seconds, int samples, List<String> meshBreaks,
    int[] unanswered, long[] maxRssKb, long[] peakRssKb) {
  private static final long SAMPLE_PERIOD_MS = 500;

  /**
   * Samples {@code cluster} every {@value #SAMPLE_PERIOD_MS} ms for {@code ms}, or until
   * {@code stop} holds (checked at every sample).
   */
  static ClusterWindow measure(DurableCluster cluster, List<ByteString> honest, long ms, BooleanSupplier stop)
      throws InterruptedException {
    int n = DurableCluster.NODES;
    long[] from = heights(cluster);
    long start = System.nanoTime();
    long end = start + TimeUnit.MILLISECONDS.toNanos(ms);
    int samples = 0;
    List<String> breaks = new ArrayList<>();
    int[] unanswered = new int[n];
    long[] maxRss = new long[n];
    while (System.nanoTime() < end && !stop.getAsBoolean()) {
      samples++;
      for (int i = 0; i < n; i++) {
        maxRss[i] = Math.max(maxRss[i], statusKb(cluster.process(i).pid(), "VmRSS").orElse(0));
        List<ByteString> connected;
        try {
          connected = cluster.client(i).withDeadlineAfter(2, TimeUnit.SECONDS)
              .getPeers(GetPeersRequest.getDefaultInstance()).getPeersList().stream()
              .map(ConnectedPeer::getPublicKey).toList();
        } catch (RuntimeException notAnswering) {
          unanswered[i]++;
          continue;
        }
        for (int j = 0; j < n; j++) {
          if (j != i && !connected.contains(honest.get(j))) {
            breaks.add(String.format("node-%d at +%d ms lacks node-%d", i, (System.nanoTime() - start) / 1_000_000, j));
          }
        }
      }
      // Sampling pace within a measured window, not a wait for a condition.
      Thread.sleep(Math.max(0, Math.min(SAMPLE_PERIOD_MS, (end - System.nanoTime()) / 1_000_000)));
    }
    long[] to = heights(cluster);
    long[] peak = new long[n];
    for (int i = 0; i < n; i++) {
      peak[i] = statusKb(cluster.process(i).pid(), "VmHWM").orElse(-1);
    }
    return new ClusterWindow(from, to, (System.nanoTime() - start) / 1e9, samples, breaks, unanswered, maxRss, peak);
  }

  /** A {@code kB} field of {@code /proc/PID/status}, or empty once the process has gone. */
  static OptionalLong statusKb(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII)) {
        if (line.startsWith(field + ":")) {
          return OptionalLong.of(Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim()));
        }
      }
    } catch (IOException | NumberFormatException gone) {
      // The process has exited.
    }
    return OptionalLong.empty();
  }

  static long[] heights(DurableCluster cluster) {
    long[] h = new long[DurableCluster.NODES];
    for (int i = 0; i < h.length; i++) {
      h[i] = cluster.height(i);
    }
    return h;
  }

  long heights(int i) {
    return from[i] < 0 || to[i] < 0 ? 0 : to[i] - from[i];
  }

  long slowestHeights() {
    return Arrays.stream(new int[] {0, 1, 2, 3}).mapToLong(this::heights).min().orElse(0);
  }

  double slowestRate() {
    return slowestHeights() / seconds;
  }

  /** The largest resident set any node reached, MiB (sampled maxima and high-water marks). */
  long peakRssMib() {
    return Math.max(Arrays.stream(maxRssKb).max().orElse(0), Arrays.stream(peakRssKb).max().orElse(0)) / 1024;
  }

  static String mib(long[] kb) {
    return Arrays.toString(Arrays.stream(kb).map(k -> k < 0 ? -1 : k / 1024).toArray());
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%.1f s, heights %s -> %s, slowest %.2f heights/s, honest-mesh breaks %d,"
        + " unanswered GetPeers %s, max RSS MiB %s, VmHWM MiB %s", seconds, Arrays.toString(from), Arrays.toString(to),
        slowestRate(), meshBreaks.size(), Arrays.toString(unanswered), mib(maxRssKb), mib(peakRssKb));
  }
}
