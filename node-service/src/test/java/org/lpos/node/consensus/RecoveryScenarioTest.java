package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lpos.chain.cert.CommitCertificates;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;

/** View changes, refused certificates and catch-up over the in-memory network. */
class RecoveryScenarioTest {

  @Test
  void theNextSeatsOwnerProposesAfterTheProposerTimesOut() {
    CoreCluster c = new CoreCluster(7, 7);
    Senate senate = c.core(0).chain().nextSenate();
    ByteString silent = senate.proposer(0);
    assertTrue(senate.seatsOf(silent) <= senate.maxFaulty(), "fixture: the silent proposer holds at most f seats");
    c.isolated.add(silent);
    int submitter = senate.senators().indexOf(silent) == 0 ? 1 : 0;
    int member = c.members.indexOf(c.members.stream().filter(m -> m.keys().publicKey().equals(senate.senators().get(submitter))).findFirst().orElseThrow());
    c.submit(member, c.payment(member, 0, 5, 0));
    c.advanceTo(c.now + 60_000);
    for (int i = 0; i < 7; i++) {
      if (c.key(i).equals(silent)) {
        continue;
      }
      NodeCore core = c.core(i);
      assertTrue(core.chain().tip().height() >= 1, "node " + i + ": " + core.status());
      Block first = core.committedBlocks().get(0).getBlock();
      assertTrue(first.getHeader().getRound() >= 1, "committed in a later round");
      assertEquals(senate.proposer(first.getHeader().getRound()), first.getHeader().getProposer());
      assertFalse(first.getHeader().getProposer().equals(silent));
    }
  }

  @Test
  void aCertificateFromTheWrongSenateIsRefused() {
    CoreCluster c = new CoreCluster(7, 4);
    NodeCore follower = c.core(0);
    Senate senate = follower.chain().nextSenate();
    KeyPair proposer = c.keys.get(senate.proposer(0));
    Block block = ScenarioBlocks.block(follower.chain(), proposer, 0, CoreCluster.T0 + 1, List.of(c.payment(1, 2, 3, 0)));
    List<KeyPair> outsiders = new ArrayList<>();
    for (KeyPair k : c.keys.values()) {
      if (senate.seatsOf(k.publicKey()) == 0) {
        outsiders.add(k);
      }
    }
    assertTrue(outsiders.size() >= senate.quorum() - 1, "fixture: enough members outside the senate");
    CertifiedBlock forged = CertifiedBlock.newBuilder().setBlock(block)
        .setCertificate(CommitCertificates.certify(CoreCluster.CHAIN_ID, 1, 0, Blocks.hash(block), outsiders)).build();
    Ready r = follower.handle(new Event.Received(CoreCluster.T0 + 2, c.key(1),
        PeerMessage.newBuilder().setCommittedBlock(forged).build()));
    assertEquals(0, follower.chain().tip().height());
    assertTrue(r.rejected().stream().anyMatch(x -> x.reason() == Reason.INSUFFICIENT_CERTIFICATE), r.rejected().toString());

    List<KeyPair> senators = senate.senators().stream().map(c.keys::get).toList();
    CertifiedBlock genuine = CertifiedBlock.newBuilder().setBlock(block)
        .setCertificate(CommitCertificates.certify(CoreCluster.CHAIN_ID, 1, 0, Blocks.hash(block), senators)).build();
    r = follower.handle(new Event.Received(CoreCluster.T0 + 3, c.key(1),
        PeerMessage.newBuilder().setCommittedBlock(genuine).build()));
    assertEquals(1, follower.chain().tip().height());
    assertEquals(List.of(genuine), r.committed());
  }

  @Test
  void anIsolatedNodeCatchesUpWhenItHearsOfALaterBlock() {
    CoreCluster c = new CoreCluster(7, 7);
    int lagging = -1;
    for (int i = 0; i < 7; i++) {
      if (c.core(i).chain().nextSenate().seatsOf(c.key(i)) == 0) {
        lagging = i;
      }
    }
    assertTrue(lagging >= 0, "fixture: a member outside the first senate");
    c.isolated.add(c.key(lagging));
    int payer = lagging == 0 ? 1 : 0;
    for (int h = 0; h < 5; h++) {
      c.submit(payer, c.payment(payer, 2, 7, h));
      c.advanceTo(c.now + 30_000);
    }
    long reached = c.core(payer).chain().tip().height();
    assertTrue(reached >= 5, "the others went on: " + c.core(payer).status());
    assertEquals(0, c.core(lagging).chain().tip().height());

    c.isolated.remove(c.key(lagging));
    c.submit(payer, c.payment(payer, 2, 7, 9));
    c.advanceTo(c.now + 30_000);
    assertEquals(c.core(payer).chain().tip().height(), c.core(lagging).chain().tip().height(), c.core(lagging).status().toString());
    assertEquals(c.core(payer).chain().tip().hash(), c.core(lagging).chain().tip().hash());
    assertFalse(c.core(lagging).status().catchingUp());
  }
}
