package org.lpos.lab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.proto.v1.Experiment;
import org.lpos.proto.v1.SeatDraw;

/**
 * One silent (crashed) member of four equal ones, four seats: with the original's draw the chain
 * halts at the first height where that member holds two seats; with distinct members it never
 * holds more than one, and every height commits (PROTOCOL §5).
 */
class SeatDrawSimulationTest {
  /** A seed whose height 2 seats the silent member twice under the original's draw. */
  private static final long SEED = 3;

  private static SimulationConfig silentOneOfFour(SeatDraw draw) {
    return new SimulationConfig(4, 4, 1, ByzantineMode.SILENT, 40, SEED, 0, 0, 0, 0, Experiment.EXPERIMENT_TX_RATE, 1,
        8, SimulatedLinks.DEFAULT, 10_000, 60_000, ConsensusConfig.defaults()).withSeatDraw(draw);
  }

  @Test
  void theOriginalDrawHaltsWhereTheCrashedMemberHoldsTwoSeats() {
    System.out.println("SeatDrawSimulationTest seed " + SEED);
    SimulationSummary summary = new Simulation(silentOneOfFour(SeatDraw.SEAT_DRAW_WITH_REPLACEMENT), line -> { },
        1_000, 0).run();
    assertEquals(2, summary.maxByzantineSeats());
    assertTrue(summary.heightsCommitted() < 40, "halted at " + summary.heightsCommitted());
  }

  @Test
  void distinctMembersSeatTheCrashedMemberOnceAndEveryHeightCommits() {
    SimulationConfig config = silentOneOfFour(SeatDraw.SEAT_DRAW_DISTINCT_MEMBERS);
    SimulationSummary summary = new Simulation(config, line -> { }, 1_000, 0).run();
    assertTrue(summary.ok(), () -> String.join("\n", summary.describe()));
    assertEquals(1, summary.maxByzantineSeats());
    assertEquals(0, summary.heightsByzantineAboveF());
    assertTrue(summary.heightsCommitted() >= 40, "committed " + summary.heightsCommitted());
    assertTrue(config.replayCommand().endsWith(" --seat-draw distinct"), config.replayCommand());
  }
}
