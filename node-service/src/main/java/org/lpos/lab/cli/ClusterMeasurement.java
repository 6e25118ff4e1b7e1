package org.lpos.lab.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.lab.experiment.ProcessUsage;
import org.lpos.lab.experiment.RunRecord;

/**
 * Turns what a finished {@link LocalCluster} left behind into a {@link RunRecord}: blocks,
 * latencies and communication cost from each node's files, CPU and peak memory from the samples
 * the cluster took of its node processes.
 */
final class ClusterMeasurement {
  /** What the T members of a real run do. */
  static final String SILENT = "silent (never started)";

  /** The CSV's Byzantine mode: none without Byzantine members, else the mode (silent: never started). */
  static String byzantineMode(LocalCluster.Layout layout) {
    if (layout.byzantine() == 0) {
      return "";
    }
    return layout.byzantineMode() == ByzantineMode.SILENT ? SILENT : layout.byzantineMode().cliName();
  }

  private ClusterMeasurement() {}

  /** The row of a run that lasted {@code runMs} and is reproduced by {@code command}. */
  static RunRecord measure(LocalCluster cluster, long runMs, String command) {
    LocalCluster.Layout layout = cluster.layout();
    DemoReport.Summary summary = DemoReport.summary(cluster);
    List<Long> latencies = DemoReport.latencies(cluster);
    List<DemoReport.BlockRow> blocks = longestChain(cluster).stream()
        .filter(b -> b.commitMs() >= cluster.startedMs()).toList();
    double interval = blocks.size() < 2 ? Double.NaN
        : (blocks.get(blocks.size() - 1).commitMs() - blocks.get(0).commitMs()) / (double) (blocks.size() - 1);
    double rounds = blocks.stream().mapToInt(b -> b.round() + 1).average().orElse(Double.NaN);
    long txs = summary.committedTxs();
    Map<String, Double> messages = new HashMap<>();
    Map<String, Double> bytes = new HashMap<>();
    for (int i = 0; i < cluster.nodes(); i++) {
      addSent(cluster.nodeDir(i).resolve("communication.csv"), messages, bytes);
    }
    messages.replaceAll((type, n) -> perTx(n, txs));
    bytes.replaceAll((type, n) -> perTx(n, txs));
    return new RunRecord(RunRecord.Source.MEASURED, layout.population(), layout.seats(), layout.byzantine(),
        byzantineMode(layout), layout.experiment(), layout.param(), offered(layout), runMs / 1000.0,
        summary.blocks(), txs, summary.txPerSecond(), percentile(latencies, 50), percentile(latencies, 95),
        percentile(latencies, 99), interval, rounds, summary.viewChanges(), messages, bytes,
        cpuPer1000Tx(cluster.usageAtStart(), cluster.usageAtEnd(), txs), peakRssMb(cluster.usageAtEnd()),
        summary.nodesAgree(), command);
  }

  /** Transactions per second the running nodes' workloads offer together, by the one workload definition. */
  static double offered(LocalCluster.Layout layout) {
    return layout.workload().offeredTxPerS(layout.running(), layout.seats());
  }

  /**
   * CPU seconds of all node processes between the two samples per 1,000 committed transactions.
   * A node missing from the start sample (the run ended before the experiment began) counts from
   * its launch; one missing from the end sample is left out.
   */
  static double cpuPer1000Tx(List<Optional<ProcessUsage>> start, List<Optional<ProcessUsage>> end, long txs) {
    double cpu = 0;
    boolean any = false;
    for (int i = 0; i < end.size(); i++) {
      if (end.get(i).isPresent()) {
        double before = i < start.size() ? start.get(i).map(ProcessUsage::cpuSeconds).orElse(0.0) : 0.0;
        cpu += end.get(i).get().cpuSeconds() - before;
        any = true;
      }
    }
    return any && txs > 0 ? cpu * 1_000 / txs : Double.NaN;
  }

  private static List<Double> peakRssMb(List<Optional<ProcessUsage>> usage) {
    return usage.stream().flatMap(Optional::stream).map(u -> Math.round(u.peakRssKb() / 102.4) / 10.0).toList();
  }

  private static List<DemoReport.BlockRow> longestChain(LocalCluster cluster) {
    List<DemoReport.BlockRow> longest = List.of();
    for (int i = 0; i < cluster.nodes(); i++) {
      List<DemoReport.BlockRow> rows = DemoReport.blocks(cluster.nodeDir(i));
      if (rows.size() > longest.size()) {
        longest = rows;
      }
    }
    return longest;
  }

  /** Adds the sent messages and bytes of a node's {@code communication.csv} by type. */
  static void addSent(Path communicationCsv, Map<String, Double> messages, Map<String, Double> bytes) {
    for (String line : DemoReport.lines(communicationCsv)) {
      String[] f = line.split(",");
      if (f.length == 6 && !f[0].equals("time_ms")) {
        try {
          messages.merge(f[1], (double) Long.parseLong(f[2]), Double::sum);
          bytes.merge(f[1], (double) Long.parseLong(f[3]), Double::sum);
        } catch (NumberFormatException malformed) {
          // A line this node did not write whole; the node rewrites the file atomically, so it is rare.
        }
      }
    }
  }

  private static double perTx(double count, long txs) {
    return txs > 0 ? count / txs : Double.NaN;
  }

  private static double percentile(List<Long> sorted, int p) {
    return sorted.isEmpty() ? Double.NaN : DemoReport.percentile(sorted, p);
  }
}
