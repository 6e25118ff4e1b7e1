package org.lpos.lab.cli;

import org.lpos.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.lab.netem.LinkProfile;

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
  void everyRunIsRepeatedOnEachLinkProfileAndItsCommandCarriesTheModeAndTheProfile() {
    CliRun run = CliRun.of("experiment", "--population", "4", "--senate", "4", "--byzantine", "0,1",
        "--byzantine-mode", "equivocate", "--netem", "loopback", "--netem", "delay=50ms jitter=10ms loss=1%",
        "--param", "150", "--duration", "40s", "--dry-run");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    List<String> runs = run.out().lines().filter(l -> l.startsWith("  ./lpos experiment")).map(String::strip).toList();
    assertEquals(List.of(
        "./lpos experiment --population 4 --senate 4 --byzantine 0 --experiment load-rate --param 150 --duration 40s"
            + " --byzantine-mode equivocate",
        "./lpos experiment --population 4 --senate 4 --byzantine 0 --experiment load-rate --param 150 --duration 40s"
            + " --byzantine-mode equivocate --netem 'delay=50ms jitter=10ms loss=1%'",
        "./lpos experiment --population 4 --senate 4 --byzantine 1 --experiment load-rate --param 150 --duration 40s"
            + " --byzantine-mode equivocate",
        "./lpos experiment --population 4 --senate 4 --byzantine 1 --experiment load-rate --param 150 --duration 40s"
            + " --byzantine-mode equivocate --netem 'delay=50ms jitter=10ms loss=1%'"), runs);
    assertTrue(run.out().contains("T = members running --byzantine-mode equivocate"), run.out());
    assertTrue(run.out().contains("links loopback | delay=50ms jitter=10ms loss=1%"), run.out());
  }

  @Test
  void aPerturbationScheduleIsCheckedForEveryRunBeforeAnyStartsAndRepeatedInItsCommand() {
    CliRun run = CliRun.of("experiment", "--population", "4", "--senate", "4", "--param", "50", "--duration", "40s",
        "--perturb", "kill:node-3@10s,restart:node-3@18s", "--dry-run");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("--duration 40s --perturb 'kill:node-3@10s,restart:node-3@18s'"), run.out());

    CliRun beyond = CliRun.of("experiment", "--population", "4,7", "--senate", "4", "--duration", "40s",
        "--perturb", "kill:node-5@10s", "--dry-run");
    assertEquals(2, beyond.exitCode(), beyond.out() + beyond.err());
    assertTrue(beyond.err().contains("--perturb: "), beyond.err());
    assertTrue(!beyond.out().contains("./lpos experiment"), "nothing is listed, let alone run: " + beyond.out());
  }

  @Test
  void aRunNeverReusesTheFolderOfAnEarlierRun(@org.junit.jupiter.api.io.TempDir java.nio.file.Path runs)
      throws Exception {
    assertEquals("P4-N4-T0-load-rate-150", ExperimentCommand.freshRunName(runs, "P4-N4-T0-load-rate-150"));
    java.nio.file.Files.createDirectories(runs.resolve("P4-N4-T0-load-rate-150"));
    assertEquals("P4-N4-T0-load-rate-150-2", ExperimentCommand.freshRunName(runs, "P4-N4-T0-load-rate-150"));
    java.nio.file.Files.createDirectories(runs.resolve("P4-N4-T0-load-rate-150-2"));
    assertEquals("P4-N4-T0-load-rate-150-3", ExperimentCommand.freshRunName(runs, "P4-N4-T0-load-rate-150"));
  }

  @Test
  void aRunsDirectoryNamesItsModeAndLinksUnlessTheyAreTheDefaults() {
    assertEquals("P4-N4-T1-load-rate-150", ExperimentCommand.runName(new LocalCluster.Layout(4, 4, 1, "load-rate",
        150)));
    assertEquals("P7-N7-T2-load-rate-50-spam-delay50ms-jitter10ms-loss1pct", ExperimentCommand.runName(
        new LocalCluster.Layout(7, 7, 2, ByzantineMode.SPAM, "load-rate", 50, true,
            LinkProfile.parse("delay=50ms jitter=10ms loss=1%"))));
  }

  @Test
  void aModeOnlyTheSimulatorRunsAndABadProfileAreRefusedClearly() {
    CliRun amnesia = CliRun.of("experiment", "--byzantine", "1", "--byzantine-mode", "amnesia", "--dry-run");
    assertEquals(2, amnesia.exitCode(), amnesia.out() + amnesia.err());
    assertTrue(amnesia.err().contains("--byzantine-mode amnesia runs only in the simulator"), amnesia.err());
    CliRun lazy = CliRun.of("experiment", "--byzantine-mode", "lazy", "--dry-run");
    assertTrue(lazy.err().contains("--byzantine-mode: unknown Byzantine mode 'lazy'"), lazy.err());
    CliRun netem = CliRun.of("experiment", "--netem", "delay=50", "--dry-run");
    assertEquals(2, netem.exitCode(), netem.out() + netem.err());
    assertTrue(netem.err().contains("--netem: \"delay=50\": give a time in ms or s"), netem.err());
  }

  @Test
  void badInputIsOneLineAndExitTwo() {
    for (String[] args : List.of(new String[] {"--duration", "soon"}, new String[] {"--duration", "500ms"},
        new String[] {"--senate", "4", "--byzantine", "2"},
        new String[] {"--experiment", "tx-burst"}, new String[] {"--byzantine-mode", "amnesia"},
        new String[] {"--netem", "delay=50ms jitter=60ms"})) {
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
