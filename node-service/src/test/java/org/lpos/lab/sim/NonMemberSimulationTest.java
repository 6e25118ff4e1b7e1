package org.lpos.lab.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.proto.v1.Experiment;
import org.lpos.lab.byzantine.ByzantineMode;

/**
 * Phantom peers whose keys hold no stake (the non-member mode: far-future statuses, votes,
 * proposals and tickets signed by their own keys, block requests, garbage) must not stop honest
 * nodes from committing. They do today: a status of a far height makes a node "catch up" from
 * the phantom, which never answers, and a node catching up does not vote; a new claim every
 * 500 ms keeps it so for good.
 */
class NonMemberSimulationTest {
  static Stream<SimulationConfig> runs() {
    return IntStream.range(0, 8).mapToObj(i -> new SimulationConfig(10 + i, 4 + i % 4, 1, ByzantineMode.NON_MEMBER,
        10, 9_000L + i, i % 2 == 0 ? 0.05 : 0, 0, 0, 0, Experiment.EXPERIMENT_TX_RATE, 1, 4, SimulatedLinks.DEFAULT, 3_000, 60_000,
        ConsensusConfig.defaults()));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("runs")
  void phantomPeersDoNotStopHonestNodes(SimulationConfig config) {
    SimulationSummary summary = new Simulation(config, line -> { }, 1_000, 0).run();

    assertTrue(summary.ok(), () -> "replay: " + config.replayCommand() + "\n" + String.join("\n", summary.describe()));
  }
}
