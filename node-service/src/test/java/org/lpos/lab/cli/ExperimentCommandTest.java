package org.lpos.lab.cli;

import org.lpos.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code lpos experiment}: the plan of runs, skipped combinations and bad input (no processes started). */
class ExperimentCommandTest {
  @Test
  void dryRunListsEveryValidRunAsTheCommandThatRepeatsIt() {
    CliRun run = CliRun.of("experiment", "--population", "4,7", "--senate", "4,7", "--byzantine", "0,2",
        "--param", "100", "--duration", "30s", "--dry-run");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    List<String> runs = run.out().lines().filter(l -> l.startsWith("  ./lpos experiment")).map(String::strip).toList();
    assertEquals(6, runs.size(), run.out());
    assertEquals("./lpos experiment --population 4 --senate 4 --byzantine 0 --experiment load-rate --param 100"
        + " --duration 30s", runs.get(0));
    assertTrue(runs.contains("./lpos experiment --population 7 --senate 7 --byzantine 2 --experiment load-rate"
        + " --param 100 --duration 30s"), runs.toString());
    assertEquals(2, run.err().lines().filter(l -> l.contains("skipping")).count(), run.err());
    assertTrue(run.err().contains("population 4, senate 4, T 2: T must be 0-1"), run.err());
    assertTrue(run.out().startsWith("experiment: 6 runs of 30s"), run.out());
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    for (String[] args : List.of(new String[] {"--duration", "soon"}, new String[] {"--duration", "500ms"},
        new String[] {"--senate", "4", "--byzantine", "2"},
        new String[] {"--experiment", "tx-burst"})) {
      String[] all = new String[args.length + 2];
      all[0] = "experiment";
      System.arraycopy(args, 0, all, 1, args.length);
      all[all.length - 1] = "--dry-run";
      CliRun run = CliRun.of(all);
      assertEquals(2, run.exitCode(), String.join(" ", args) + ": " + run.out() + run.err());
      assertTrue(run.err().strip().lines().count() <= 2, run.err());
    }
  }
}
