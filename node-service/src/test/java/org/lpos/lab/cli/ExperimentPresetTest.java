package org.lpos.lab.cli;

import org.lpos.cli.LposCli;
import org.lpos.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.discovery.DiscoveryCommand;
import org.lpos.discovery.DiscoveryJournal;
import org.lpos.discovery.Verbosity;
import org.lpos.proto.v1.Experiment;
import org.lpos.proto.v1.Instruction;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code lpos experiment --preset gumby}: from the command line to the discovery and node command
 * lines it launches (printed by {@code --dry-run}, parsed back with the real command lines), the
 * reduced local size and the refusal of options the preset sets. No process is started.
 */
class ExperimentPresetTest {
  @Test
  void gumbyLaunchesTheOriginalsGumbyLineWithTenNodesAndSaysWhy() {
    CliRun run = CliRun.of("experiment", "--preset", "gumby", "--dry-run");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("gumby: 10 nodes instead of the original's 40: each node is a JVM"), run.out());
    assertTrue(run.out().contains("  ./lpos experiment --preset gumby --nodes 10 --duration 60s"), run.out());

    CommandSpec discovery = DiscoveryCommand.parse(launched(run, "discovery:")).commandSpec();
    Map<String, Integer> expected = Map.of("-n", 1, "-t", 0, "-m", 10, "-l", 100, "--fan-out", 5);
    expected.forEach((option, value) -> assertEquals(value, discovery.findOption(option).getValue(), option));
    assertEquals(List.of("30", "tx-n-outputs", "20"), discovery.findOption("--inst").getValue());

    CommandSpec node = nodeCommand(launched(run, "node-0:"));
    assertEquals(List.of(7001, 1, 0, 10), node.positionalParameters().stream().map(p -> p.getValue()).toList(),
        "PORT N T POPULATION");
    assertEquals(10, (Integer) node.findOption("--fan-out").getValue());
    assertEquals("10_rich_man", node.findOption("--chain").getValue());
    assertEquals(true, node.findOption("-d").getValue());
    assertEquals(true, node.findOption("--ignore-promoter").getValue());
    assertTrue(run.out().contains("node-1 .. node-9: the same"), run.out());
  }

  @Test
  void nodesSetsThePopulationAndFortyIsNotAReduction() {
    CliRun run = CliRun.of("experiment", "--preset", "gumby", "--nodes", "40", "--duration", "2m", "--dry-run");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertFalse(run.out().contains("instead of the original's"), run.out());
    assertTrue(run.out().contains("./lpos experiment --preset gumby --nodes 40 --duration 2m"), run.out());
    assertEquals(Integer.valueOf(40), DiscoveryCommand.parse(launched(run, "discovery:")).commandSpec().findOption("-m").getValue());
    assertEquals(Integer.valueOf(40), nodeCommand(launched(run, "node-0:")).positionalParameters().get(3).getValue());
  }

  @Test
  void optionsThePresetSetsAreRefusedNotMixedIn() {
    for (String[] clash : List.of(new String[] {"--senate", "10"}, new String[] {"--population", "10"},
        new String[] {"--byzantine", "0"}, new String[] {"--experiment", "tx-rate"}, new String[] {"--param", "5"})) {
      CliRun run = CliRun.of(join(new String[] {"experiment", "--preset", "gumby", "--dry-run"}, clash));
      assertEquals(2, run.exitCode(), String.join(" ", clash) + ": " + run.out() + run.err());
      assertEquals("lpos: --preset gumby sets " + clash[0] + " itself: leave it out (--nodes K changes the population)",
          run.err().strip());
    }
    CliRun two = CliRun.of("experiment", "--preset", "gumby", "--senate", "4", "--param", "3", "--dry-run");
    assertTrue(two.err().contains("sets --senate, --param itself: leave them out"), two.err());
  }

  @Test
  void badPresetInputIsOneLineAndExitTwo() {
    Map<List<String>, String> cases = Map.of(
        List.of("--preset", "gumbo"), "--preset: no preset gumbo; presets: gumby",
        List.of("--nodes", "12"), "--nodes goes with --preset; for a grid use --population",
        List.of("--preset", "gumby", "--nodes", "9"), "--nodes must be 10-100 for --preset gumby",
        List.of("--preset", "gumby", "--nodes", "101"), "--nodes must be 10-100 for --preset gumby");
    cases.forEach((args, message) -> {
      CliRun run = CliRun.of(join(new String[] {"experiment", "--dry-run"}, args.toArray(String[]::new)));
      assertEquals(2, run.exitCode(), args + ": " + run.out() + run.err());
      assertEquals(1, run.err().strip().lines().count(), run.err());
      assertTrue(run.err().contains(message), args + ": " + run.err());
    });
  }

  @Test
  void helpListsThePresets() {
    CliRun run = CliRun.of("experiment", "--help");

    assertTrue(run.out().replaceAll("\\s+", " ").contains("gumby: the original README's gumby run (40 nodes, n=1,"),
        run.out());
  }

  @Test
  void aGridRunKeepsItsOwnChainFanOutAndDelay() {
    LocalCluster.Layout layout = new LocalCluster.Layout(4, 4, 1, "tx-rate", 5);
    Path out = Path.of("out", "x");
    LocalCluster cluster = new LocalCluster(out, layout, out.resolve("chain.json"));

    String discovery = String.join(" ", cluster.discoveryCommand("java", Path.of("home"), "1", "2"));
    assertTrue(discovery.contains(" -n 4 -t 1 -m 3 -l 4 --fan-out 0 "), discovery);
    assertTrue(discovery.contains(" --inst 2 tx-rate 5 "), discovery);
    String node = String.join(" ", cluster.nodeCommand("java", Path.of("home"), 0, "7", "127.0.0.1:1", "3"));
    assertTrue(node.contains(" node 7 4 1 4 "), node);
    assertTrue(node.contains(" --fan-out 0 --chain " + out.resolve("chain.json") + " "), node);
    assertTrue(node.contains(" --name node-0 -v --metrics-port 3 "), node);
  }

  /**
   * A preset's run measures from the instruction, which it sees in discovery's log: the line the
   * real discovery journal writes must be recognised (and nothing before it).
   */
  @Test
  void theClusterRecognisesTheInstructionLineOfDiscoverysLog(@TempDir Path dir) throws Exception {
    assertFalse(LocalCluster.instructionLogged(dir), "no log yet");
    try (DiscoveryJournal journal = DiscoveryJournal.open(Optional.of(dir), Verbosity.QUIET,
        new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC())) {
      journal.debug("registered node-0");
      assertFalse(LocalCluster.instructionLogged(dir), Files.readString(dir.resolve("discovery.log")));
      journal.instructionSent(Instruction.newBuilder().setDelaySeconds(30).setExperiment(Experiment.EXPERIMENT_TX_N_OUTPUTS)
          .setParam(20).build(), 10, 10);
      assertTrue(LocalCluster.instructionLogged(dir), Files.readString(dir.resolve("discovery.log")));
    }
  }

  /** The arguments after {@code -jar JAR} of the command line printed after {@code label}, ports filled in. */
  private static String[] launched(CliRun run, String label) {
    String line = run.out().lines().map(String::strip).filter(l -> l.startsWith(label)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + label + " line in:\n" + run.out()));
    List<String> words = Arrays.asList(line.substring(label.length()).strip()
        .replace("127.0.0.1:DISCOVERY_PORT", "127.0.0.1:8123").replace("METRICS_PORT", "9100")
        .replace("PORT", "7001").split(" "));
    int jar = words.indexOf("-jar");
    return words.subList(jar + 2, words.size()).toArray(String[]::new);
  }

  private static CommandSpec nodeCommand(String[] args) {
    CommandLine.ParseResult parsed = LposCli.commandLine().parseArgs(args);
    assertEquals("node", parsed.subcommand().commandSpec().name());
    return parsed.subcommand().commandSpec();
  }

  private static String[] join(String[] a, String[] b) {
    String[] all = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}
