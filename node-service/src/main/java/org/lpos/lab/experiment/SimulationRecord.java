package org.lpos.lab.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.lab.sim.SimulationConfig;
import org.lpos.lab.sim.SimulationSummary;

/**
 * The {@link RunRecord} of a simulation: every figure is in simulated time on a simulated network,
 * so the row says {@code simulated}, and latency, CPU and memory, which the simulator does not
 * model, are left empty. Its equivocations are those the simulator's honest nodes detected.
 */
public final class SimulationRecord {
  private SimulationRecord() {}

  /** The row of {@code summary}. */
  public static RunRecord of(SimulationSummary summary) {
    SimulationConfig c = summary.config();
    double seconds = summary.simulatedMs() / 1000.0;
    long heights = summary.referenceHeight();
    long txs = summary.committedTransactions();
    int decided = 0;
    long roundsUsed = 0;
    long viewChanges = 0;
    for (Map.Entry<Integer, Integer> e : summary.roundsPerHeight().entrySet()) {
      decided += e.getValue();
      roundsUsed += (long) (e.getKey() + 1) * e.getValue();
      viewChanges += e.getKey() > 0 ? e.getValue() : 0;
    }
    return new RunRecord(RunRecord.Source.SIMULATED, c.nodes(), c.senateSeats(), c.byzantine(),
        c.byzantine() == 0 ? "" : c.byzantineMode().cliName(), c.workload().name(), c.param(), offered(c),
        seconds, heights, txs, seconds > 0 ? txs / seconds : Double.NaN, Double.NaN, Double.NaN, Double.NaN,
        heights > 0 ? summary.simulatedMs() / (double) heights : Double.NaN,
        decided > 0 ? roundsUsed / (double) decided : Double.NaN, viewChanges,
        perTx(summary.messagesPerNodePerHeight(), c.nodes(), heights, txs),
        perTx(summary.bytesPerNodePerHeight(), c.nodes(), heights, txs), Double.NaN, List.of(),
        summary.safetyViolations() == 0, c.replayCommand())
        .withFaults(new FaultFigures(c.byzantine() == 0 ? FaultFigures.NO_BYZANTINE : c.byzantineMode().cliName(),
            c.netemColumn(), perturbations(c), summary.equivocationsDetected(), Double.NaN));
  }

  /**
   * The simulator's faults that start and heal (drawn from the seed), in the words of its options;
   * empty when there are none. Their recovery is the liveness checker's, not a column.
   */
  static String perturbations(SimulationConfig c) {
    if (c.faultsEndMs() == 0) {
      return "";
    }
    List<String> terms = new ArrayList<>();
    if (c.drop() > 0) {
      terms.add("drop=" + ResultsCsv.number(c.drop()));
    }
    if (c.duplicate() > 0) {
      terms.add("duplicate=" + ResultsCsv.number(c.duplicate()));
    }
    if (c.partitions() > 0) {
      terms.add("partitions=" + c.partitions());
    }
    if (c.crashes() > 0) {
      terms.add("crashes=" + c.crashes());
    }
    return String.join(" ", terms) + " until " + c.faultsUntilMs() + "ms";
  }

  /**
   * Transactions per simulated second the stakeholders' workload offers together, by the one
   * definition. Silent members (and amnesia's, which are silent) send nothing, as the members a
   * real run never starts, so only the others count.
   */
  static double offered(SimulationConfig c) {
    boolean silent = c.byzantineMode() == ByzantineMode.SILENT || c.byzantineMode() == ByzantineMode.AMNESIA;
    int sending = c.stakeholders() - (silent ? c.byzantine() : 0);
    return c.nodes() < 2 ? 0 : c.workload().offeredTxPerS(sending, c.senateSeats());
  }

  /**
   * Per committed transaction from the simulator's per node per height figures; its {@code empty}
   * type (a message without a body) is the node's {@code other}.
   */
  private static Map<String, Double> perTx(Map<String, Double> perNodePerHeight, int nodes, long heights, long txs) {
    Map<String, Double> out = new HashMap<>();
    perNodePerHeight.forEach((type, v) -> {
      if (!type.equals("total")) {
        String column = type.equals("empty") ? "other" : type;
        out.merge(column, txs > 0 ? v * nodes * Math.max(1, heights) / txs : Double.NaN, Double::sum);
      }
    });
    return out;
  }
}
