package org.lpos.lab.cli;

import org.lpos.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.lab.experiment.ResultsCsv;

/**
 * {@code --experiment tx-n-outputs --param 20} is the same load in {@code ./lpos simulate} and in
 * {@code ./lpos experiment}: both rows of results.csv offer one transaction every 4.5 s per
 * sending node (before the one definition, the simulator said 1 tx/s and the node 10 tx/s); and
 * silent members offer nothing on either side.
 */
class SimulatedAndMeasuredLoadTest {
  @Test
  void txNOutputs20OffersTheSameTransactionsPerSecondPerNodeSimulatedAndMeasured(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of("simulate", "--nodes", "4", "--senate", "4", "--experiment", "tx-n-outputs", "--param",
        "20", "--heights", "3", "--seed", "42", "--out", dir.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    List<String> csv = Files.readAllLines(dir.resolve(ResultsCsv.FILE));
    List<String> header = Arrays.asList(csv.get(0).split(","));
    double simulated = Double.parseDouble(csv.get(1).split(",")[header.indexOf("offered_tx_per_s")]);

    double measured = ClusterMeasurement.offered(new LocalCluster.Layout(4, 4, 0, "tx-n-outputs", 20));

    double perNode = 1_000 / ExperimentSpec.N_OUTPUTS_INTERVAL_MS;
    assertEquals(4 * perNode, simulated, 1e-3, "simulated row");
    assertEquals(4 * perNode, measured, 1e-12, "measured row");
  }

  @Test
  void silentMembersOfferNothingSimulatedAsMeasured(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of("simulate", "--nodes", "4", "--senate", "4", "--byzantine", "1", "--byzantine-mode",
        "silent", "--experiment", "load-rate", "--param", "150", "--heights", "2", "--seed", "42", "--out",
        dir.toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    List<String> csv = Files.readAllLines(dir.resolve(ResultsCsv.FILE));
    List<String> header = Arrays.asList(csv.get(0).split(","));
    double simulated = Double.parseDouble(csv.get(1).split(",")[header.indexOf("offered_tx_per_s")]);

    double measured = ClusterMeasurement.offered(new LocalCluster.Layout(4, 4, 1, "load-rate", 150));

    assertEquals(450, measured, 1e-12, "measured row: three nodes run");
    assertEquals(measured, simulated, 1e-3, "simulated row: the silent member's workload never leaves it");
  }
}
