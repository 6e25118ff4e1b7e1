package org.lpos.lab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.proto.v1.Experiment;
import org.lpos.proto.v1.Lottery;

/**
 * The grind mode in the simulator: with the director lottery honest nodes accept every ground
 * ticket and rewritten block, so the run stays safe and live, and with one try the Byzantine seat
 * share is their stake share, with many it is higher; with the VRF lottery withholding costs view
 * changes and nothing else; the report's fields are there.
 */
class GrindSimulationTest {
  private static final long SEED = 11;

  private static SimulationConfig grind(int tries, int heights) {
    return new SimulationConfig(10, 10, 3, ByzantineMode.GRIND, heights, SEED, 0, 0, 0, 0,
        Experiment.EXPERIMENT_TX_RATE, 1, 8, SimulatedLinks.DEFAULT, 10_000, 60_000, ConsensusConfig.defaults())
        .withGrindTries(tries);
  }

  private static SimulationSummary run(SimulationConfig config) {
    System.out.println("GrindSimulationTest seed " + config.seed() + ": " + config.replayCommand());
    SimulationSummary summary = new Simulation(config, line -> { }, 1_000, 0).run();
    summary.describe().stream().filter(l -> l.startsWith("Byzantine seat share")).forEach(System.out::println);
    return summary;
  }

  @Test
  void groundTicketsAndRewrittenBlocksAreAcceptedAndTheChainStaysSafeAndLive() {
    SimulationSummary summary = run(grind(16, 30));
    assertTrue(summary.ok(), () -> String.join("\n", summary.describe()));
    assertEquals(0, summary.safetyViolations());
    assertTrue(summary.heightsCommitted() >= 30, "committed " + summary.heightsCommitted());
  }

  @Test
  void oneTryGivesAboutTheStakeShareAndManyTriesMore() {
    SimulationSummary one = run(grind(1, 80));
    SimulationSummary many = run(grind(256, 80));
    assertTrue(one.ok() && many.ok());
    double stake = one.seatShare().stakeShare();
    assertEquals(0.3, stake, 1e-9);
    assertTrue(Math.abs(one.seatShare().share() - stake) < 0.1, "K = 1: " + one.seatShare());
    assertTrue(many.seatShare().share() > one.seatShare().share() + 0.05, "K = 256: " + many.seatShare()
        + " against K = 1: " + one.seatShare());
  }

  @Test
  void onAVrfChainWithholdingCostsViewChangesAndTheChainStaysSafeAndLive() {
    SimulationSummary summary = run(grind(1, 40).withLottery(Lottery.LOTTERY_VRF));
    assertTrue(summary.ok(), () -> String.join("\n", summary.describe()));
    assertTrue(summary.heightsCommitted() >= 40, "committed " + summary.heightsCommitted());
    assertTrue(summary.seatShare().viewChanges() > 0, "no proposal withheld: " + summary.seatShare());
    assertTrue(summary.config().replayCommand().contains(" --lottery vrf"), summary.config().replayCommand());
  }

  @Test
  void theJsonCarriesTheLotteryKAndTheSeatShareWithItsInterval() {
    SimulationSummary summary = run(grind(4, 25));
    Map<String, Object> json = summary.toJson(0);
    assertEquals("director", json.get("lottery"));
    assertEquals(4, json.get("grind_tries"));
    @SuppressWarnings("unchecked")
    Map<String, Object> share = (Map<String, Object>) json.get("seat_share");
    for (String key : new String[] {"share", "ci95_low", "ci95_high", "stake_share", "heights", "view_changes",
        "burn_in_heights", "ci_method"}) {
      assertTrue(share.containsKey(key), key + " in " + share);
    }
    String replay = summary.config().replayCommand();
    assertTrue(replay.contains(" --byzantine-mode grind ") && replay.endsWith(" --grind-tries 4"), replay);
  }

  @Test
  void grindTriesOutsideOneTo4096AreRefused() {
    for (int k : new int[] {0, -1, 4_097}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> SimulationConfig.defaults(10, 10, 3, 5, SEED).withGrindTries(k));
      assertEquals("--grind-tries must be between 1 and 4096, not " + k, e.getMessage());
    }
    assertEquals(4_096, SimulationConfig.defaults(10, 10, 3, 5, SEED).withGrindTries(4_096).grindTries());
  }
}
