package org.lpos.lab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.proto.v1.Experiment;
import org.lpos.lab.byzantine.ByzantineMode;

/**
 * Runs the simulator over 240 fixed seeds, each with its own small population and fault mix
 * (drop, duplication, partitions, crash and restart, the equivocate, silent, invalid and spam
 * modes with T at most f), 24 seeds of lagging nodes (crashes spread over a long window of a long
 * run, so that restarted nodes come back many heights behind and catch up through block requests,
 * some crashing again between persisting and sending), and 48 seeds of members that lie about
 * heights or flood next-height buffers, and asserts that every checker held. A failure prints the
 * command that replays it. The non-member and amnesia modes have their own tests.
 */
class SimulationTest {
  private static final int SEEDS = 240;
  private static final int LAGGING_SEEDS = 24;
  private static final int NOISY_SEEDS = 48;
  /** The modes of the first corpus, in the order it has always used them. */
  private static final ByzantineMode[] FIRST_MODES = {
      ByzantineMode.EQUIVOCATE, ByzantineMode.SILENT, ByzantineMode.INVALID, ByzantineMode.SPAM};

  static Stream<SimulationConfig> mixes() {
    return Stream.of(IntStream.range(0, SEEDS).mapToObj(SimulationTest::mix),
        IntStream.range(0, LAGGING_SEEDS).mapToObj(SimulationTest::lagging),
        IntStream.range(0, NOISY_SEEDS).mapToObj(SimulationTest::noisy))
        .flatMap(s -> s);
  }

  /**
   * Seed index {@code i} of the runs whose Byzantine members (T = f) lie about heights or flood
   * next-height buffers, some with drop, partitions or crashes besides.
   */
  static SimulationConfig noisy(int i) {
    int nodes = 4 + (i * 5) % 13;
    int seats = 4 + i % 4;
    int byzantine = Math.min((seats - 1) / 3, nodes - 1);
    ByzantineMode mode = i % 2 == 0 ? ByzantineMode.LIE_HEIGHT : ByzantineMode.FLOOD_NEXT;
    double drop = i % 3 == 0 ? 0.05 : 0;
    int partitions = i % 3 == 1 ? 1 : 0;
    int crashes = i % 3 == 2 ? 2 : 0;
    return new SimulationConfig(nodes, seats, byzantine, mode, 20, 7_000L + i, drop, 0, partitions, crashes,
        Experiment.values()[2 + i % 3], 2, 4, SimulatedLinks.DEFAULT, 3_000, 60_000, ConsensusConfig.defaults());
  }

  /** Seed index {@code i} of the lagging-node runs: several crashes over 12 s of a 60-height run. */
  static SimulationConfig lagging(int i) {
    int nodes = 4 + (i * 5) % 9;
    int seats = 4 + i % 4;
    int byzantine = i % 3 == 0 ? Math.min((seats - 1) / 3, nodes - 1) : 0;
    ByzantineMode mode = FIRST_MODES[i % FIRST_MODES.length];
    return new SimulationConfig(nodes, seats, byzantine, mode, 60, 5_000L + i, i % 2 == 0 ? 0.02 : 0, 0, 0,
        2 + i % 3, Experiment.values()[2 + i % 3], 2, 4, SimulatedLinks.DEFAULT, 12_000, 60_000, ConsensusConfig.defaults());
  }

  /** The fault mix of seed index {@code i}: the population, seats and heights vary with it too. */
  static SimulationConfig mix(int i) {
    int nodes = 4 + (i * 7) % 17;
    int seats = 4 + i % 4;
    int heights = 20 + (i % 3) * 10;
    int f = (seats - 1) / 3;
    long seed = 1_000L + i;
    double drop = 0;
    double duplicate = 0;
    int partitions = 0;
    int crashes = 0;
    int byzantine = 0;
    ByzantineMode mode = ByzantineMode.EQUIVOCATE;
    switch (i % 8) {
      case 0 -> drop = 0.1;
      case 1 -> {
        drop = 0.05;
        duplicate = 0.2;
      }
      case 2 -> partitions = 2;
      case 3 -> crashes = 3;
      default -> {
        byzantine = Math.min(f, nodes - 1);
        mode = FIRST_MODES[i % 8 - 4];
        drop = i % 3 == 0 ? 0.05 : 0;
      }
    }
    Experiment experiment = Experiment.values()[2 + i % 3];
    double param = experiment == Experiment.EXPERIMENT_TX_N_OUTPUTS ? 2 : 2 + i % 3;
    return new SimulationConfig(nodes, seats, byzantine, mode, heights, seed, drop, duplicate, partitions, crashes,
        experiment, param, 4, SimulatedLinks.DEFAULT, 3_000, 60_000, ConsensusConfig.defaults());
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("mixes")
  void everyCheckerHolds(SimulationConfig config) {
    SimulationSummary summary = new Simulation(config, line -> { }, 1_000, 0).run();
    assertTrue(summary.ok(), () -> "replay: " + config.replayCommand() + "\n" + String.join("\n", summary.describe()));
    assertTrue(summary.heightsCommitted() >= config.heights() || !summary.livenessProblem().isEmpty(),
        () -> "replay: " + config.replayCommand());
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("replays")
  void theSameSeedReplaysTheSameRun(SimulationConfig config) {
    SimulationSummary first = new Simulation(config, line -> { }, 1_000, 0).run();
    SimulationSummary second = new Simulation(config, line -> { }, 1_000, 0).run();
    assertEquals(first, second, "replay: " + config.replayCommand());
  }

  static Stream<SimulationConfig> replays() {
    return Stream.of(mix(2), mix(3), mix(4), mix(7), noisy(0), noisy(1));
  }
}
