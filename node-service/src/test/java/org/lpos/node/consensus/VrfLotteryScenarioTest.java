package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lpos.chain.lottery.SeedProofs;
import org.lpos.chain.lottery.VrfSeeds;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.StatusAnnouncement;

/**
 * Cores on a LOTTERY_VRF chain (PROTOCOL §6a) over the in-memory network: they agree, seal blocks
 * with proofs and send no tickets; a silent proposer's seat passes to the next, whose output
 * seeds the draw; a node from genesis catches up, and one replaying its persisted blocks
 * restores, to the same senates.
 */
class VrfLotteryScenarioTest {
  private static CoreCluster vrfCluster(int nodes, int seats) {
    return new CoreCluster(nodes, seats, ConsensusConfig.defaults(), 4, 1 << 20, Lottery.LOTTERY_VRF);
  }

  @Test
  void coresAgreeOnBlocksSealedWithProofsAndSendNoTickets() {
    CoreCluster c = vrfCluster(5, 4);
    for (int h = 0; h < 5; h++) {
      c.submit(0, c.payment(0, 2, 7, h));
      c.advanceTo(c.now + 30_000);
    }
    NodeCore reference = c.core(0);
    assertTrue(reference.chain().tip().height() >= 5, reference.status().toString());
    ByteString q = c.genesis.getHeader().getTicket().getQ();
    for (CertifiedBlock cb : reference.committedBlocks()) {
      BlockHeader h = cb.getBlock().getHeader();
      assertFalse(h.hasTicket());
      Optional<ByteString> beta = SeedProofs.ecvrf().verify(h.getProposer(), h.getVrfProof(),
          VrfSeeds.alpha(CoreCluster.CHAIN_ID, h.getHeight(), q));
      assertTrue(beta.isPresent(), "block " + h.getHeight() + " carries its proposer's proof");
      q = beta.get();
    }
    assertEquals(q, reference.chain().tip().q());
    for (int i = 1; i < 5; i++) {
      assertEquals(reference.chain().tip(), c.core(i).chain().tip(), "node " + i);
      assertEquals(reference.chain().nextSenate(), c.core(i).chain().nextSenate());
    }
    assertTrue(c.sent.stream().noneMatch(e -> e.message().hasTicket()), "no director competition");
  }

  @Test
  void aWithholdingProposersSeatPassesToTheNextWhoseOutputSeedsTheDraw() {
    CoreCluster c = vrfCluster(7, 7);
    Senate senate = c.core(0).chain().nextSenate();
    ByteString silent = senate.proposer(0);
    c.isolated.add(silent);
    int member = c.key(0).equals(silent) ? 1 : 0;
    c.submit(member, c.payment(member, 2, 5, 0));
    c.advanceTo(c.now + 60_000);
    NodeCore core = c.core(member);
    assertTrue(core.chain().tip().height() >= 1, core.status().toString());
    BlockHeader first = core.committedBlocks().get(0).getBlock().getHeader();
    assertTrue(first.getRound() >= 1, "committed in a later round");
    assertEquals(senate.proposer(first.getRound()), first.getProposer());
    assertEquals(SeedProofs.ecvrf().verify(first.getProposer(), first.getVrfProof(),
        VrfSeeds.alpha(CoreCluster.CHAIN_ID, 1, c.genesis.getHeader().getTicket().getQ())),
        Optional.of(seedOfBlock(core, 1)));
  }

  @Test
  void aNodeFromGenesisCatchesUpAndDrawsTheSameSenates() {
    CoreCluster c = vrfCluster(5, 4);
    for (int h = 0; h < 6; h++) {
      c.submit(0, c.payment(0, 2, 7, h));
      c.advanceTo(c.now + 30_000);
    }
    ByteString fresh = c.key(4);
    NodeCore old = c.cores.get(fresh);
    NodeCore restarted = new NodeCore(c.config, c.keys.get(fresh), c.genesis,
        new PersistedState(Optional.empty(), new MemoryBlockArchive(), old.guard().last()));
    c.cores.put(fresh, restarted);
    c.absorb(fresh, restarted.start(c.now));
    c.absorb(c.key(0), c.core(0).handle(new Event.Received(c.now, fresh,
        PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder().setHeight(0)).build())));
    c.advanceTo(c.now + 10_000);

    assertEquals(c.core(0).chain().tip(), restarted.chain().tip());
    assertEquals(c.core(0).chain().stakeSnapshots(), restarted.chain().stakeSnapshots());
    assertEquals(c.core(0).chain().nextSenate(), restarted.chain().nextSenate());
  }

  @Test
  void aNodeReplayingItsPersistedBlocksDrawsTheSameSenate() {
    CoreCluster c = vrfCluster(5, 4);
    for (int h = 0; h < 5; h++) {
      c.submit(0, c.payment(0, 2, 7, h));
      c.advanceTo(c.now + 30_000);
    }
    NodeCore running = c.core(1);
    MemoryBlockArchive archive = new MemoryBlockArchive();
    running.committedBlocks().forEach(archive::append);
    NodeCore replayed = new NodeCore(c.config, c.keys.get(c.key(1)), c.genesis,
        new PersistedState(Optional.empty(), archive, running.guard().last()));
    assertEquals(running.chain().tip(), replayed.chain().tip());
    assertEquals(running.chain().stakeSnapshots(), replayed.chain().stakeSnapshots());
    assertEquals(running.chain().nextSenate(), replayed.chain().nextSenate());
  }

  /** q of committed block {@code height}: its proof's output. */
  private static ByteString seedOfBlock(NodeCore core, long height) {
    BlockHeader h = core.committedBlocks().get((int) height - 1).getBlock().getHeader();
    return SeedProofs.ecvrf().outputOf(h.getVrfProof()).orElseThrow();
  }
}
