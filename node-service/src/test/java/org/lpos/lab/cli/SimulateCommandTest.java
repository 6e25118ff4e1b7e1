package org.lpos.lab.cli;

import org.lpos.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.lab.experiment.GrindingPlot;
import org.lpos.lab.experiment.GrindingResults;
import org.lpos.lab.experiment.ResultPlots;
import org.lpos.lab.experiment.ResultsCsv;

/** {@code lpos simulate}: seed first, JSON last, exit codes, lists of parameters and the CSV and charts. */
class SimulateCommandTest {
  @Test
  void printsTheSeedFirstAndOneJsonObjectLast() {
    CliRun run = CliRun.of("simulate", "--nodes", "4", "--senate", "4", "--heights", "5", "--seed", "9", "--json");
    assertEquals(0, run.exitCode(), run.out() + run.err());
    String[] lines = run.out().strip().split("\n");
    assertEquals("seed 9", lines[0]);
    assertTrue(lines[1].startsWith("replay: ./lpos simulate "), lines[1]);
    JsonObject json = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    assertEquals(9, json.get("seed").getAsLong());
    assertTrue(json.get("heights_committed").getAsLong() >= 5);
    assertEquals(0, json.get("safety_violations").getAsLong());
    assertTrue(json.getAsJsonObject("messages_per_node_per_height").has("committed_block"));
  }

  @Test
  void listsRunEveryCombinationAndOutWritesSimulatedRowsAndCharts(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of("simulate", "--nodes", "4,8", "--senate", "4", "--heights", "3", "--seed", "5",
        "--out", dir.toString());

    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertEquals(2, run.out().lines().filter(l -> l.startsWith("seed 5")).count(), run.out());
    assertTrue(run.out().contains("[####################] 2/2 runs"), run.out());
    List<String> csv = Files.readAllLines(dir.resolve(ResultsCsv.FILE));
    assertEquals(3, csv.size(), csv.toString());
    assertTrue(csv.get(1).startsWith("simulated,4,4,0,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("simulated,8,4,0,"), csv.get(2));
    assertTrue(csv.get(2).endsWith(",./lpos simulate --nodes 8 --senate 4 --byzantine 0 --byzantine-mode equivocate"
        + " --heights 3 --seed 5 --drop 0 --duplicate 0 --partition 0 --crash 0 --experiment tx-rate --param 1"
        + " --fan-out 8 --faults-until-ms 10000 --liveness-bound-ms 60000"), csv.get(2));
    assertTrue(Files.size(dir.resolve(ResultPlots.THROUGHPUT)) > 0);
    assertTrue(Files.size(dir.resolve(ResultPlots.COMMUNICATION)) > 0);
    assertFalse(Files.exists(dir.resolve(ResultPlots.LATENCY)), "the simulator does not model latency");
    assertTrue(run.out().contains("results (SIMULATED figures)"), run.out());
  }

  @Test
  void netemRunsTheRelaysProfileAndTheRowAndReplaySayIt(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of("simulate", "--nodes", "4", "--senate", "4", "--heights", "5", "--seed", "5",
        "--experiment", "load-rate", "--param", "50", "--netem", "delay=50ms jitter=10ms loss=1%", "--out",
        dir.toString());

    assertEquals(0, run.exitCode(), run.out() + run.err());
    List<String> csv = Files.readAllLines(dir.resolve(ResultsCsv.FILE));
    List<String> header = List.of(csv.get(0).split(","));
    String row = csv.get(1);
    assertTrue(row.contains(",none,delay=50ms jitter=10ms loss=1%,,load-rate,"), row);
    assertTrue(row.endsWith(" --netem 'delay=50ms jitter=10ms loss=1%'"), row);
    double interval = Double.parseDouble(row.split(",")[header.indexOf("block_interval_ms")]);
    assertTrue(interval >= 3 * 40, "a height needs at least three one-way delays of 40-60 ms: " + interval);
    CliRun loopback = CliRun.of("simulate", "--nodes", "4", "--senate", "4", "--heights", "5", "--seed", "5",
        "--netem", "loopback");
    assertEquals(0, loopback.exitCode(), loopback.out() + loopback.err());
    assertTrue(loopback.out().contains("--netem 'loopback'"), loopback.out());
  }

  @Test
  void appendKeepsTheEarlierRowsOfTheDirectory(@TempDir Path dir) throws Exception {
    CliRun first = CliRun.of("simulate", "--nodes", "4", "--senate", "4", "--heights", "3", "--seed", "5",
        "--out", dir.toString());
    CliRun second = CliRun.of("simulate", "--nodes", "7", "--senate", "7", "--heights", "3", "--seed", "5",
        "--netem", "delay=20ms", "--append", "--out", dir.toString());

    assertEquals(0, first.exitCode() + second.exitCode(), first.err() + second.err());
    List<String> csv = Files.readAllLines(dir.resolve(ResultsCsv.FILE));
    assertEquals(3, csv.size(), csv.toString());
    assertTrue(csv.get(1).startsWith("simulated,4,4,0,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("simulated,7,7,0,"), csv.get(2));
    assertTrue(Files.size(dir.resolve(ResultPlots.FAULTS_THROUGHPUT)) > 0, "the links vary: a fault chart");
    CliRun noOut = CliRun.of("simulate", "--nodes", "4", "--heights", "3", "--append");
    assertEquals(2, noOut.exitCode(), noOut.out() + noOut.err());
    assertTrue(noOut.err().contains("--append needs --out"), noOut.err());
  }

  @Test
  void aRateIsRefusedInTheSimulator() {
    CliRun run = CliRun.of("simulate", "--netem", "delay=5ms rate=1mbit");
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("--netem: rate is not simulated"), run.err());
  }

  @Test
  void anInvalidCombinationInAListIsSkippedAndNamed() {
    CliRun run = CliRun.of("simulate", "--nodes", "2,4", "--senate", "4", "--byzantine", "2", "--heights", "2");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.err().contains("skipping 2 nodes, 4 seats, T 2"), run.err());
    assertEquals(1, run.out().lines().filter(l -> l.startsWith("seed ")).count(), run.out());
  }

  @Test
  void aSweepPrintsTheMasterSeedFirstASummaryPerModeAndOneJsonObjectLast() {
    CliRun run = CliRun.of("simulate", "--sweep", "2", "--modes", "silent,lie-height", "--nodes", "4", "--senate", "4",
        "--byzantine", "0", "--heights", "3", "--master-seed", "77", "--threads", "2", "--json");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    String[] lines = run.out().strip().split("\n");
    assertEquals("master seed 77", lines[0]);
    assertTrue(run.out().contains("sweep: 4/4 runs, 0 failed"), run.out());
    assertTrue(run.out().contains("silent:     2 runs: 0 safety violations, 0 honest double signs,"
        + " 0 liveness failures (0 not asserted)"), run.out());
    assertTrue(run.out().contains("lie-height: 2 runs: 0 safety violations"), run.out());
    JsonObject json = JsonParser.parseString(lines[lines.length - 1]).getAsJsonObject();
    assertEquals(77, json.get("master_seed").getAsLong());
    assertEquals(4, json.get("runs").getAsInt());
    assertEquals(0, json.get("failures").getAsInt());
    assertEquals(2, json.getAsJsonObject("modes").getAsJsonObject("lie-height").get("runs").getAsInt());
  }

  @Test
  void aSweepDrawsTheSameSeedsFromTheSameMasterSeed() {
    String[] args = {"simulate", "--sweep", "3", "--modes", "spam", "--nodes", "4", "--senate", "4", "--byzantine", "0",
        "--heights", "50", "--master-seed", "3", "--liveness-bound-ms", "1", "--drop", "0.01", "--faults-until-ms", "200"};
    List<String> first = replays(CliRun.of(args).out());
    assertEquals(3, first.size());
    assertEquals(first, replays(CliRun.of(args).out()));
  }

  /**
   * A liveness bound of 1 ms fails every run as soon as the faults end, whatever the core does:
   * the sweep exits 1, names every failure with a replay command, and each replay, run alone,
   * fails the same way.
   */
  @Test
  void everyFailureOfASweepHasAReplayThatFailsTheSameWayAlone() {
    CliRun run = CliRun.of("simulate", "--sweep", "2", "--modes", "equivocate,amnesia", "--nodes", "4", "--senate", "4",
        "--byzantine", "0", "--heights", "50", "--master-seed", "11", "--liveness-bound-ms", "1",
        "--faults-until-ms", "300");

    assertEquals(1, run.exitCode(), run.out() + run.err());
    List<String> replays = replays(run.out());
    assertEquals(4, replays.size(), run.out());
    assertTrue(replays.stream().anyMatch(r -> r.contains("--byzantine-mode amnesia")), run.out());
    String problem = run.out().lines().filter(l -> l.contains("committed nothing")).findFirst().orElseThrow().strip();
    String replay = replays.get(0);
    CliRun alone = CliRun.of(replay.substring("./lpos ".length()).split(" "));
    assertEquals(1, alone.exitCode(), alone.out());
    assertTrue(alone.out().contains("liveness: FAILED: " + problem), problem + "\n" + alone.out());
  }

  @Test
  void randomPartitionsAndCrashesDrawANumberPerRunThatItsReplayNames() {
    CliRun run = CliRun.of("simulate", "--sweep", "6", "--modes", "silent", "--nodes", "4", "--senate", "4",
        "--byzantine", "0", "--heights", "3", "--master-seed", "5", "--partition", "random", "--crash", "random",
        "--liveness-bound-ms", "1", "--faults-until-ms", "300");

    List<String> replays = replays(run.out());
    assertEquals(6, replays.size(), run.out());
    java.util.Set<String> partitionCounts = new java.util.TreeSet<>();
    for (String replay : replays) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("--partition (\\d+) --crash (\\d+)").matcher(replay);
      assertTrue(m.find(), replay);
      int partitions = Integer.parseInt(m.group(1));
      int crashes = Integer.parseInt(m.group(2));
      assertTrue(partitions >= 1 && partitions <= FaultCount.MAX_RANDOM && crashes >= 1
          && crashes <= FaultCount.MAX_RANDOM, replay);
      partitionCounts.add(m.group(1));
    }
    assertTrue(partitionCounts.size() > 1, "the number varies from run to run: " + replays);
    CliRun bad = CliRun.of("simulate", "--partition", "some");
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("--partition takes a number of episodes (0 or more) or 'random'"), bad.err());
  }

  private static List<String> replays(String out) {
    return out.lines().map(String::strip).filter(l -> l.startsWith("replay: "))
        .map(l -> l.substring("replay: ".length())).toList();
  }

  @Test
  void theModeListNamesEveryMode() {
    CliRun run = CliRun.of("simulate", "--byzantine-mode", "lazy");
    assertTrue(run.err().contains("equivocate, silent, invalid, spam, lie-height, flood-next, non-member, amnesia"),
        run.err());
  }

  @Test
  void badOptionsAreOneLineAndExitTwo() {
    CliRun run = CliRun.of("simulate", "--byzantine-mode", "lazy");
    assertEquals(2, run.exitCode());
    assertEquals(1, run.err().strip().lines().count(), run.err());
  }

  @Test
  void grindTriesOutsideTheirBoundsAreRefusedInOneLine() {
    for (String k : new String[] {"0", "4097"}) {
      CliRun run = CliRun.of("simulate", "--byzantine", "3", "--byzantine-mode", "grind", "--grind-tries", k);
      assertEquals(2, run.exitCode(), run.out() + run.err());
      assertTrue(run.err().contains("--grind-tries must be between 1 and 4096, not " + k), run.err());
    }
    assertEquals(2, CliRun.of("simulate", "--lottery", "lucky").exitCode());
  }

  @Test
  void grindOutAddsOneRowPerKAndDrawsTheChart(@TempDir Path dir) throws Exception {
    CliRun run = CliRun.of("simulate", "--nodes", "10", "--senate", "10", "--byzantine", "2", "--byzantine-mode",
        "grind", "--grind-tries", "1,8", "--heights", "8", "--seed", "3", "--grind-out", dir.toString(), "--json");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    List<String> csv = Files.readAllLines(dir.resolve(GrindingResults.FILE));
    assertEquals(GrindingResults.HEADER, csv.get(0));
    assertEquals(3, csv.size(), csv.toString());
    assertTrue(csv.get(1).startsWith("director,2,0.2000,1,3,10,10,"), csv.get(1));
    assertTrue(csv.get(2).startsWith("director,2,0.2000,8,3,10,10,"), csv.get(2));
    assertTrue(Files.size(dir.resolve(GrindingPlot.FILE)) > 0);
    // The paths of the rows and the chart follow the runs' JSON lines; the last of those is K = 8's.
    String last = run.out().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
    JsonObject json = JsonParser.parseString(last).getAsJsonObject();
    assertEquals(8, json.get("grind_tries").getAsInt());
    assertEquals(0.2, json.getAsJsonObject("seat_share").get("stake_share").getAsDouble(), 1e-9);
  }

  @Test
  void theIssuesGrindingLineReportsAnIntervalWithItsDefaults() {
    CliRun run = CliRun.of("simulate", "--byzantine", "3", "--byzantine-mode", "grind", "--grind-tries", "4", "--json");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("--heights " + SimulateCommand.GRIND_HEIGHTS + " "), "the replay line says so");
    String last = run.out().lines().filter(l -> l.startsWith("{")).reduce((a, b) -> b).orElseThrow();
    JsonObject share = JsonParser.parseString(last).getAsJsonObject().getAsJsonObject("seat_share");
    assertTrue(share.get("heights").getAsInt() >= SimulateCommand.GRIND_HEIGHTS - 5, share.toString());
    assertTrue(share.has("ci95_low") && share.has("ci95_high"), share.toString());
    assertTrue(run.out().contains("95% CI ["), run.out());
  }

  @Test
  void tooFewHeightsForAnIntervalSaySoInsteadOfNaN() {
    CliRun run = CliRun.of("simulate", "--byzantine", "3", "--byzantine-mode", "grind", "--heights", "12");

    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertFalse(run.out().contains("NaN"), run.out());
    assertTrue(run.out().contains("no 95% CI (it needs 20 heights after the burn-in: --heights 25 or more)"), run.out());
  }
}
