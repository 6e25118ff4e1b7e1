package org.lpos.lab.experiment;

import java.util.List;
import java.util.Map;

/** Run records for tests: a measured run with chosen parameters and plausible figures. */
final class RunRecords {
  private RunRecords() {}

  static RunRecord measured(int population, int senate, double param, double committed) {
    return new RunRecord(RunRecord.Source.MEASURED, population, senate, 0, "", "tx-rate", param, param * population,
        60, 100, (long) (committed * 60), committed, 12, 30, 45.5, 80, 1.25, 3,
        Map.of("vote", 2.0, "transactions", 0.5), Map.of("vote", 300.0, "transactions", 250.0, "committed_block", 50.0),
        1.5, List.of(210.0, 220.5), true,
        "./lpos experiment --population " + population + " --senate " + senate + " --param " + param);
  }

  static RunRecord simulated(int population, int senate) {
    return new RunRecord(RunRecord.Source.SIMULATED, population, senate, 1, "silent", "tx-rate", 1, population,
        12.5, 20, 400, 32, Double.NaN, Double.NaN, Double.NaN, 625, 1, 0, Map.of("vote", 4.0),
        Map.of("vote", 100.0 * population), Double.NaN, List.of(), true,
        "./lpos simulate --nodes " + population + " --senate " + senate);
  }
}
