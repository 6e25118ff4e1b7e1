package org.lpos.lab.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.lpos.lab.perturb.PerturbationReport;

/**
 * What a demo did, read from its nodes' files ({@code blocks.csv}, {@code latency.csv}, {@code
 * evidence.csv}): a live progress line and the final summary. Agreement is checked on every
 * height two honest nodes both have; the equivocations counted are those the honest nodes saw.
 */
final class DemoReport {
  private static final long RATE_WINDOW_MS = 5_000;

  private DemoReport() {}

  /** One committed block as a node recorded it. */
  record BlockRow(long height, String hash, int txs, int round, long commitMs) {}

  /** The live line. */
  record Progress(long height, double txPerSecond, long p50, long p99, long viewChanges) {
    String line() {
      return String.format("height %d | %.0f tx/s | commit latency p50 %d ms p99 %d ms | view changes %d   ",
          height, txPerSecond, p50, p99, viewChanges);
    }
  }

  /** The final summary. */
  record Summary(long blocks, long committedTxs, double txPerSecond, long p50, long p99, long viewChanges,
      boolean nodesAgree, String disagreement, String byzantineMode, long equivocationsDetected) {
    String text() {
      return String.format("summary: %d blocks, %d transactions committed, %.1f tx/s, commit latency p50 %d ms, "
          + "p99 %d ms, %d view changes, %d equivocations detected, nodes %s", blocks, committedTxs, txPerSecond,
          p50, p99, viewChanges, equivocationsDetected, nodesAgree ? "agree" : "DISAGREE (" + disagreement + ")");
    }

    Map<String, Object> fields() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("blocks", blocks);
      m.put("committed_txs", committedTxs);
      m.put("tx_per_s", Math.round(txPerSecond * 10) / 10.0);
      m.put("latency_ms_p50", p50);
      m.put("latency_ms_p99", p99);
      m.put("view_changes", viewChanges);
      m.put("nodes_agree", nodesAgree);
      m.put("byzantine_mode", byzantineMode);
      m.put("equivocations_detected", equivocationsDetected);
      return m;
    }
  }

  static Progress progress(LocalCluster cluster) {
    List<BlockRow> rows = blocks(cluster.nodeDir(0));
    long now = System.currentTimeMillis();
    long recent = rows.stream().filter(r -> r.commitMs() >= now - RATE_WINDOW_MS).mapToLong(BlockRow::txs).sum();
    List<Long> latencies = latencies(cluster);
    long height = 0;
    for (int i = 0; i < cluster.nodes(); i++) {
      height = Math.max(height, blocks(cluster.nodeDir(i)).stream().mapToLong(BlockRow::height).max().orElse(0));
    }
    return new Progress(height, recent * 1_000.0 / RATE_WINDOW_MS, percentile(latencies, 50),
        percentile(latencies, 99), rows.stream().filter(r -> r.round() > 0).count());
  }

  /** The summary of the whole run, from the experiment's start. */
  static Summary summary(LocalCluster cluster) {
    return summary(cluster, cluster.startedMs());
  }

  /**
   * The summary of what was committed from {@code fromMs} on: blocks, transactions, rate, view
   * changes and latencies of the transactions committed since then. Agreement covers every height.
   */
  static Summary summary(LocalCluster cluster, long fromMs) {
    List<List<BlockRow>> all = new ArrayList<>();
    long equivocations = 0;
    for (int i = 0; i < cluster.nodes(); i++) {
      if (!cluster.layout().isByzantine(i)) {
        all.add(blocks(cluster.nodeDir(i)));
        equivocations += equivocations(cluster.nodeDir(i));
      }
    }
    Map<Long, String> seen = new HashMap<>();
    String disagreement = "";
    for (int i = 0; i < all.size(); i++) {
      for (BlockRow r : all.get(i)) {
        String earlier = seen.putIfAbsent(r.height(), r.hash());
        if (earlier != null && !earlier.equals(r.hash()) && disagreement.isEmpty()) {
          disagreement = "height " + r.height() + " differs at node-" + i;
        }
      }
    }
    List<BlockRow> longest = all.stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElse(List.of());
    if (fromMs > cluster.startedMs()) {
      longest = longest.stream().filter(r -> r.commitMs() >= fromMs).toList();
    }
    long txs = longest.stream().mapToLong(BlockRow::txs).sum();
    long first = Math.max(fromMs, longest.isEmpty() ? 0 : longest.get(0).commitMs());
    long last = longest.isEmpty() ? first : longest.get(longest.size() - 1).commitMs();
    double rate = last > fromMs ? txs * 1_000.0 / (last - fromMs) : 0;
    List<Long> latencies = latencies(cluster, fromMs);
    long viewChanges = longest.stream().filter(r -> r.round() > 0).count();
    return new Summary(longest.size(), txs, first == last ? 0 : rate, percentile(latencies, 50),
        percentile(latencies, 99), viewChanges, disagreement.isEmpty(), disagreement,
        cluster.layout().byzantine() == 0 ? "none" : cluster.layout().byzantineMode().cliName(), equivocations);
  }

  static List<BlockRow> blocks(Path nodeDir) {
    List<BlockRow> rows = new ArrayList<>();
    for (String line : lines(nodeDir.resolve("blocks.csv"))) {
      String[] f = line.split(",");
      if (f.length == 5 && !f[0].equals("height")) {
        try {
          rows.add(new BlockRow(Long.parseLong(f[0]), f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]),
              Long.parseLong(f[4])));
        } catch (NumberFormatException partialLine) {
          // The node may be writing this line right now; it is read again next time.
        }
      }
    }
    return rows;
  }

  /**
   * The end checks of a perturbed run: one chain as {@code summary} found it, value conservation
   * as the cluster read it before stopping, the signers in every node's evidence against the
   * Byzantine nodes' keys, and each node's commit times for liveness and recovery.
   */
  static PerturbationReport perturbationReport(LocalCluster cluster, LocalCluster.PerturbedRun run, Summary summary) {
    Map<Integer, List<Long>> commits = new TreeMap<>();
    List<String> signers = new ArrayList<>();
    for (int i = 0; i < cluster.nodes(); i++) {
      commits.put(i, blocks(cluster.nodeDir(i)).stream().map(BlockRow::commitMs).toList());
      signers.addAll(evidenceSigners(cluster.nodeDir(i)));
    }
    Set<String> byzantine = IntStream.range(0, cluster.nodes())
        .filter(i -> cluster.layout().isByzantine(i)).mapToObj(i -> run.publicKeys().get(i))
        .flatMap(Optional::stream).collect(Collectors.toSet());
    return PerturbationReport.of(cluster.perturbations(), run.clockStartMs().orElseThrow(), commits, summary.nodesAgree(),
        run.valueConserved(), signers, byzantine);
  }

  /** The signers (hex public keys) named in a node's {@code evidence.csv}. */
  static List<String> evidenceSigners(Path nodeDir) {
    return lines(nodeDir.resolve("evidence.csv")).stream().filter(l -> !l.isBlank() && !l.startsWith("time_ms"))
        .map(l -> l.split(",")).filter(f -> f.length >= 2).map(f -> f[1]).toList();
  }

  /** The equivocations a node recorded ({@code evidence.csv}: one line each after the header). */
  static long equivocations(Path nodeDir) {
    return lines(nodeDir.resolve("evidence.csv")).stream().filter(l -> !l.isBlank() && !l.startsWith("time_ms"))
        .count();
  }

  static List<Long> latencies(LocalCluster cluster) {
    return latencies(cluster, Long.MIN_VALUE);
  }

  /** The commit latencies, sorted, of the workloads' transactions committed from {@code fromMs} on. */
  static List<Long> latencies(LocalCluster cluster, long fromMs) {
    List<Long> all = new ArrayList<>();
    for (int i = 0; i < cluster.nodes(); i++) {
      for (String line : lines(cluster.nodeDir(i).resolve("latency.csv"))) {
        String[] f = line.split(",");
        try {
          if (f.length == 2 && Long.parseLong(f[0]) >= fromMs) {
            all.add(Long.parseLong(f[1].trim()));
          }
        } catch (NumberFormatException headerOrPartial) {
          // Header line, or a line being written.
        }
      }
    }
    Collections.sort(all);
    return all;
  }

  static long percentile(List<Long> sorted, int p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  static List<String> lines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }
}
