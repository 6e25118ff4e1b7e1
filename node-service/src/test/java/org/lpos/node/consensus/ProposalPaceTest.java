package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lpos.node.consensus.CoreCluster.Envelope;

/** The propose timeout learned from how late proposals arrive, alone and in a cluster. */
class ProposalPaceTest {
  private static final ConsensusConfig CONFIG = ConsensusConfig.defaults();

  @Test
  void withNothingObservedTheConfiguredTimeoutHolds() {
    assertEquals(CONFIG.timeoutProposeMs(), new ProposalPace().proposeTimeoutMs(CONFIG));
  }

  @Test
  void theTimeoutIsTwiceTheMedianDelayWithinTheConfiguredFloorAndTheCap() {
    ProposalPace pace = new ProposalPace();
    for (long d : new long[] {700, 900, 800}) {
      pace.observe(d);
    }
    assertEquals(1_600, pace.proposeTimeoutMs(CONFIG));
    ProposalPace quick = new ProposalPace();
    quick.observe(-5);
    quick.observe(30);
    assertEquals(CONFIG.timeoutProposeMs(), quick.proposeTimeoutMs(CONFIG), "never below the configured timeout");
    ProposalPace slow = new ProposalPace();
    slow.observe(60_000);
    assertEquals(CONFIG.timeoutCapMs(), slow.proposeTimeoutMs(CONFIG), "never above the cap");
  }

  @Test
  void aMinorityOfLateProposersDoesNotMoveIt() {
    ProposalPace pace = new ProposalPace();
    for (int i = 0; i < ProposalPace.WINDOW; i++) {
      pace.observe(i % 3 == 0 ? 4_000 : 600);
    }
    assertEquals(1_200, pace.proposeTimeoutMs(CONFIG));
  }

  @Test
  void itForgetsDelaysOlderThanItsWindow() {
    ProposalPace pace = new ProposalPace();
    for (int i = 0; i < ProposalPace.WINDOW; i++) {
      pace.observe(2_000);
    }
    assertEquals(4_000, pace.proposeTimeoutMs(CONFIG));
    for (int i = 0; i < ProposalPace.WINDOW; i++) {
      pace.observe(100);
    }
    assertEquals(CONFIG.timeoutProposeMs(), pace.proposeTimeoutMs(CONFIG));
  }

  /**
   * Every proposal reaches the others 1.5 s after it leaves, as on ten JVMs sharing two cores. With
   * the configured 1 s timeout alone every height took four rounds (a view change each time, and
   * the next proposer's block larger); once the delays are learned, heights commit in round 0.
   */
  @Test
  void proposalsThatAlwaysArriveLateStopCostingViewChanges() {
    CoreCluster c = new CoreCluster(4, 4);
    long delayMs = 1_500;
    record Held(Envelope envelope, long releaseMs) {}
    List<Held> held = new ArrayList<>();
    Set<Envelope> released = Collections.newSetFromMap(new IdentityHashMap<>());
    c.dropIf = e -> {
      if (e.message().hasProposal() && !released.remove(e)) {
        held.add(new Held(e, c.now + delayMs));
        return true;
      }
      return false;
    };
    int payments = 0;
    long end = c.now + 120_000;
    while (c.now < end && c.core(1).committedBlocks().size() < 20) {
      if (c.core(0).status().poolSize() == 0) {
        c.submit(0, c.payment(0, 1, 1, payments++));
      }
      for (Iterator<Held> due = held.iterator(); due.hasNext(); ) {
        Held h = due.next();
        if (h.releaseMs() <= c.now) {
          due.remove();
          released.add(h.envelope());
          c.inFlight.add(h.envelope());
        }
      }
      c.advanceTo(c.now + 50);
    }
    List<Integer> rounds = c.core(1).committedBlocks().stream().map(b -> b.getBlock().getHeader().getRound()).toList();
    System.out.println("rounds of the committed blocks with proposals " + delayMs + " ms late: " + rounds);
    assertEquals(20, rounds.size(), "the cluster kept committing");
    assertTrue(rounds.subList(3, rounds.size()).stream().allMatch(r -> r == 0),
        "after the first heights every block commits in round 0: " + rounds);
  }
}
