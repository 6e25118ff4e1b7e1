package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;

/** Which peers a committed block is not gossiped to. */
class BlockGossipTest {
  private static ByteString key(int i) {
    return ByteString.copyFrom(new byte[] {(byte) i, 1, 2, 3});
  }

  private static CertifiedBlock block(long height) {
    return CertifiedBlock.newBuilder()
        .setBlock(Block.newBuilder().setHeader(BlockHeader.newBuilder().setHeight(height))).build();
  }

  @Test
  void theSenderAndPeersPastTheHeightAreSkipped() {
    BlockGossip gossip = new BlockGossip();
    gossip.heard(key(1), 7);
    gossip.heard(key(2), 6);
    gossip.heard(key(3), 9);

    Outbound.Gossip g = gossip.committed(block(7), key(4));

    assertEquals(Set.of(key(1), key(3), key(4)), g.except(), "peer 2 holds only height 6");
    assertTrue(g.message().hasCommittedBlock());
    assertEquals(7, g.message().getCommittedBlock().getBlock().getHeader().getHeight());
  }

  @Test
  void aLowerHeightHeardLaterDoesNotLowerWhatIsKnown() {
    BlockGossip gossip = new BlockGossip();
    gossip.heard(key(3), 9);
    gossip.heard(key(3), 5);

    assertEquals(Set.of(key(3)), gossip.committed(block(9), null).except());
  }

  @Test
  void onlyTheMostRecentlyHeardPeersAreRemembered() {
    BlockGossip gossip = new BlockGossip();
    for (int i = 0; i <= BlockGossip.PEERS_REMEMBERED; i++) {
      gossip.heard(ByteString.copyFromUtf8("peer-" + i), 100);
    }

    Set<ByteString> except = gossip.committed(block(100), null).except();

    assertEquals(BlockGossip.PEERS_REMEMBERED, except.size());
    assertTrue(!except.contains(ByteString.copyFromUtf8("peer-0")), "the eldest is forgotten");
  }
}
