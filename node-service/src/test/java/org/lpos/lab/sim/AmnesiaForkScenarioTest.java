package org.lpos.lab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.proto.v1.Experiment;
import org.lpos.lab.byzantine.ByzantineMode;

/**
 * The amnesia fork, no Byzantine member needed: four seats, every honest senator but one crashes
 * right after it sends its precommit for block B, the one left collects the quorum, commits B and
 * is cut off before its commit leaves; the others restart from what they persisted (blocks and
 * signer record) and, no longer locked on B, decide another block in a later round. Seed 6 of
 * the 4-node, 4-seat run does exactly that at height 2 (member-3 commits B in round 0 alone;
 * member-1 and member-2, holding 3 seats, decide B' in round 2). The test asserts that no two
 * honest nodes commit different blocks at one height: it fails while the lock and valid value live
 * only in memory, and holds once the core persists them.
 */
class AmnesiaForkScenarioTest {
  static Stream<SimulationConfig> runs() {
    return Stream.of(6L).map(seed -> new SimulationConfig(4, 4, 0, ByzantineMode.AMNESIA, 20, seed, 0, 0, 0, 0,
        Experiment.EXPERIMENT_TX_RATE, 1, 8, SimulatedLinks.DEFAULT, 30_000, 60_000, ConsensusConfig.defaults()));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("runs")
  void noTwoHonestNodesCommitDifferentBlocksAtOneHeight(SimulationConfig config) {
    SimulationSummary summary = new Simulation(config, line -> { }, 1_000, 0).run();

    assertEquals(0, summary.safetyViolations(),
        () -> "replay: " + config.replayCommand() + "\n" + String.join("\n", summary.describe()));
  }

  /**
   * A sweep seed (master seed 20261213) where the isolated committer of height 2 (member-33)
   * went a round ahead of the other six honest seats of height 3 while cut off; with three silent
   * Byzantine seats every quorum needed all seven, and every round ended by the stall timer, all
   * the same length, so it stayed ahead and no round ever gathered a quorum. It commits once a
   * senator that may be ahead waits for the others.
   */
  @org.junit.jupiter.api.Test
  void aSenatorThatWentAheadWhileCutOffWaitsForTheOthers() {
    SimulationConfig config = new SimulationConfig(40, 10, 3, ByzantineMode.AMNESIA, 60, 4655291630117279001L, 0.05,
        0, 0, 0, Experiment.EXPERIMENT_TX_RATE, 1, 8, SimulatedLinks.DEFAULT, 30_000, 60_000, ConsensusConfig.defaults());
    SimulationSummary summary = new Simulation(config, line -> { }, 1_000, 0).run();

    assertTrue(summary.ok(), () -> "replay: " + config.replayCommand() + "\n" + String.join("\n", summary.describe()));
  }
}
