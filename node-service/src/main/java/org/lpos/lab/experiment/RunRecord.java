package org.lpos.lab.experiment;

import java.util.List;
import java.util.Map;

/**
 * One experiment run as a row of {@code results.csv}: its parameters, what it committed, how
 * fast and at what cost, and the command that runs it again. A figure that was not measured
 * (latency and CPU in a simulation) is {@link Double#NaN} and an empty cell in the CSV.
 *
 * @param source whether the figures were measured on processes or simulated
 * @param population members that hold stake (nodes in the experiment)
 * @param senate senate seats N
 * @param byzantine faulty members T
 * @param byzantineMeaning what the T faulty members do, e.g. {@code silent (never started)}
 * @param experiment the workload, e.g. {@code tx-rate}
 * @param param the workload's parameter (rate per node, or outputs)
 * @param offeredTxPerS transactions per second the workload tries to send, all nodes together
 * @param durationS how long the run lasted (simulated seconds in a simulation)
 * @param blocks blocks committed
 * @param committedTxs transactions committed
 * @param committedTxPerS committed transactions per second
 * @param latencyP50Ms commit latency, median
 * @param latencyP95Ms commit latency, 95th percentile
 * @param latencyP99Ms commit latency, 99th percentile
 * @param blockIntervalMs mean time between two committed blocks
 * @param roundsPerHeight mean rounds a height needed (1 when every height was decided in round 0)
 * @param viewChanges heights decided after round 0
 * @param messagesPerTx messages sent (all nodes) per committed transaction, by {@link #MESSAGE_TYPES}
 * @param bytesPerTx bytes sent (all nodes) per committed transaction, by {@link #MESSAGE_TYPES}
 * @param cpuSecondsPer1000Tx CPU seconds of all node processes per 1,000 committed transactions
 * @param peakRssMbPerNode each node process's peak resident memory (VmHWM), MiB
 * @param agreed whether every node (every honest node in a simulation) committed the same blocks
 * @param command the command line that runs this configuration again
 * @param faults the faults the run ran under and what they did
 */
public record RunRecord(
    Source source,
    int population,
    int senate,
    int byzantine,
    String byzantineMeaning,
    String experiment,
    double param,
    double offeredTxPerS,
    double durationS,
    long blocks,
    long committedTxs,
    double committedTxPerS,
    double latencyP50Ms,
    double latencyP95Ms,
    double latencyP99Ms,
    double blockIntervalMs,
    double roundsPerHeight,
    long viewChanges,
    Map<String, Double> messagesPerTx,
    Map<String, Double> bytesPerTx,
    double cpuSecondsPer1000Tx,
    List<Double> peakRssMbPerNode,
    boolean agreed,
    String command,
    FaultFigures faults) {

  /** The message types communication cost is split by, in column order (the node's message kinds). */
  public static final List<String> MESSAGE_TYPES = List.of("handshake", "proposal", "vote", "transactions", "ticket",
      "committed_block", "block_request", "block_response", "status", "commit_notice", "other");

  /** Where a row's figures come from; the CSV and the plots say it on every row and chart. */
  public enum Source {
    /** Measured on local node processes on 127.0.0.1. */
    MEASURED("measured"),
    /** Computed by the deterministic simulator: simulated clock and network, no CPU or memory figures. */
    SIMULATED("simulated");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    /** The word in the CSV's {@code figures} column and in chart titles. */
    public String label() {
      return label;
    }
  }

  /** Copies the collections; a type missing from a cost map counts as zero. */
  public RunRecord {
    messagesPerTx = Map.copyOf(messagesPerTx);
    bytesPerTx = Map.copyOf(bytesPerTx);
    peakRssMbPerNode = List.copyOf(peakRssMbPerNode);
    if (faults == null) {
      throw new IllegalArgumentException("faults must be given (FaultFigures.unrecorded() when none)");
    }
  }

  /**
   * A row whose fault columns are not recorded yet; {@link #withFaults} adds them (the measurement
   * of a cluster and of its faults are separate steps).
   */
  public RunRecord(Source source, int population, int senate, int byzantine, String byzantineMeaning,
      String experiment, double param, double offeredTxPerS, double durationS, long blocks, long committedTxs,
      double committedTxPerS, double latencyP50Ms, double latencyP95Ms, double latencyP99Ms, double blockIntervalMs,
      double roundsPerHeight, long viewChanges, Map<String, Double> messagesPerTx, Map<String, Double> bytesPerTx,
      double cpuSecondsPer1000Tx, List<Double> peakRssMbPerNode, boolean agreed, String command) {
    this(source, population, senate, byzantine, byzantineMeaning, experiment, param, offeredTxPerS, durationS, blocks,
        committedTxs, committedTxPerS, latencyP50Ms, latencyP95Ms, latencyP99Ms, blockIntervalMs, roundsPerHeight,
        viewChanges, messagesPerTx, bytesPerTx, cpuSecondsPer1000Tx, peakRssMbPerNode, agreed, command,
        FaultFigures.unrecorded());
  }

  /** This row with {@code faults} as its fault columns. */
  public RunRecord withFaults(FaultFigures faults) {
    return new RunRecord(source, population, senate, byzantine, byzantineMeaning, experiment, param, offeredTxPerS,
        durationS, blocks, committedTxs, committedTxPerS, latencyP50Ms, latencyP95Ms, latencyP99Ms, blockIntervalMs,
        roundsPerHeight, viewChanges, messagesPerTx, bytesPerTx, cpuSecondsPer1000Tx, peakRssMbPerNode, agreed,
        command, faults);
  }

  /**
   * Heights decided after round 0 per minute of the run (simulated minutes in a simulation); NaN
   * for a run of no length.
   */
  public double viewChangesPerMin() {
    return durationS > 0 ? viewChanges * 60.0 / durationS : Double.NaN;
  }

  /** Messages per committed transaction, all types together. */
  public double messagesPerTxTotal() {
    return messagesPerTx.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** Bytes per committed transaction, all types together. */
  public double bytesPerTxTotal() {
    return bytesPerTx.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** The largest peak RSS of one node, MiB, or NaN when none was measured. */
  public double peakRssMbMax() {
    return peakRssMbPerNode.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }
}
