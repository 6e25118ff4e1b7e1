package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.StatusAnnouncement;

/**
 * Catch-up over the in-memory network: a senator cut off during a height fetches what it missed
 * from several peers without a restart and commits with the others again; a node that
 * starts from genesis on an old chain syncs the whole chain.
 */
class CatchUpScenarioTest {
  private static final ConsensusConfig SMALL_BATCHES = new ConsensusConfig(400, 200, 200, 200, 5_000, 10, 50_000,
      64L << 20, 2);

  @Test
  void aSenatorCutOffMidHeightCatchesUpFromSeveralPeers() {
    CoreCluster c = new CoreCluster(7, 7, SMALL_BATCHES);
    Senate senate = c.core(0).chain().nextSenate();
    int lagging = -1;
    for (int i = 0; i < 7 && lagging < 0; i++) {
      if (senate.seatsOf(c.key(i)) == 1) {
        lagging = i;
      }
    }
    assertTrue(lagging >= 0, "fixture: a senator with one seat");
    int payer = lagging == 0 ? 1 : 0;
    c.submit(payer, c.payment(payer, 2, 7, 0));
    c.deliverAll(3);
    c.isolated.add(c.key(lagging));
    for (int h = 1; h < 8; h++) {
      c.submit(payer, c.payment(payer, 2, 7, h));
      c.advanceTo(c.now + 30_000);
    }
    long head = c.core(payer).chain().tip().height();
    assertTrue(head >= 6, "the others went on: " + c.core(payer).status());
    assertTrue(c.core(lagging).chain().tip().height() < head - 3);

    int sentBefore = c.sent.size();
    c.isolated.remove(c.key(lagging));
    NodeCore behind = c.core(lagging);
    boolean[] reportedCatchingUp = {false};
    c.dropIf = e -> {
      reportedCatchingUp[0] |= behind.status().catchingUp();
      return false;
    };
    c.advanceTo(c.now + 5_000);
    assertTrue(reportedCatchingUp[0], "its status said catching up while it fetched blocks");

    assertEquals(c.core(payer).chain().tip().hash(), c.core(lagging).chain().tip().hash(),
        c.core(lagging).status().toString());
    assertFalse(c.core(lagging).status().catchingUp());
    Set<ByteString> askedPeers = new HashSet<>();
    for (CoreCluster.Envelope e : c.sent.subList(sentBefore, c.sent.size())) {
      if (e.from().equals(c.key(lagging)) && e.message().hasBlockRequest()) {
        askedPeers.add(e.to());
      }
    }
    assertTrue(askedPeers.size() >= 2, "blocks were fetched from several peers: " + askedPeers.size());

    long before = c.core(payer).chain().tip().height();
    c.submit(payer, c.payment(payer, 2, 7, 20));
    c.advanceTo(c.now + 30_000);
    assertTrue(c.core(lagging).chain().tip().height() > before, "it commits with the others again");
  }

  @Test
  void aNodeStartingFromGenesisSyncsAnOldChain() {
    CoreCluster c = new CoreCluster(5, 4, SMALL_BATCHES);
    for (int h = 0; h < 9; h++) {
      c.submit(0, c.payment(0, 2, 7, h));
      c.advanceTo(c.now + 30_000);
    }
    long head = c.core(0).chain().tip().height();
    assertTrue(head >= 8, c.core(0).status().toString());

    ByteString fresh = c.key(4);
    NodeCore old = c.cores.get(fresh);
    // Same key, nothing but its signer record: a node whose chain store was deleted.
    NodeCore restarted = new NodeCore(c.config, c.keys.get(fresh), c.genesis,
        new PersistedState(Optional.empty(), new MemoryBlockArchive(), old.guard().last()));
    c.cores.put(fresh, restarted);
    c.absorb(fresh, restarted.start(c.now));
    assertEquals(0, restarted.chain().tip().height());
    c.absorb(c.key(0), c.core(0).handle(new Event.Received(c.now, fresh,
        PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder().setHeight(0)).build())));
    c.advanceTo(c.now + 10_000);

    assertEquals(c.core(0).chain().tip().hash(), restarted.chain().tip().hash());
    assertEquals(c.core(0).committedBlocks(), restarted.committedBlocks());
    assertFalse(restarted.status().catchingUp());
    assertTrue(head <= restarted.chain().tip().height());
  }
}
