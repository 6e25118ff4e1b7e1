package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.CommitCertificate;

/** Who gets a committed block at once, who later, and who not at all. */
class BlockGossipTest {
  private static final ByteString SELF = key(0);
  private static final long DELAY = 200;

  private static ByteString key(int i) {
    return ByteString.copyFrom(new byte[] {(byte) i, 1, 2, 3});
  }

  private static CertifiedBlock block(long height) {
    return CertifiedBlock.newBuilder()
        .setBlock(Block.newBuilder().setHeader(BlockHeader.newBuilder().setHeight(height)))
        .setCertificate(CommitCertificate.newBuilder().setHeight(height)).build();
  }

  private static List<ByteString> senate(int... members) {
    return Arrays.stream(members).mapToObj(BlockGossipTest::key).toList();
  }

  private static Set<ByteString> recipients(List<Outbound> sends) {
    return sends.stream().map(o -> ((Outbound.ToPeer) o).peer()).collect(Collectors.toSet());
  }

  @Test
  void senatorsAreSkippedAtOnceAndOfferedTheBlockAfterTheDelayUnlessTheyMovedOn() {
    BlockGossip gossip = new BlockGossip(SELF, DELAY);
    gossip.heard(key(4), 7);

    Outbound.Gossip now = gossip.committed(block(7), null, senate(0, 1, 2), 1_000);

    assertEquals(Set.of(key(1), key(2), key(4)), now.except(), "senators and a peer past 7 are skipped; self never counts");
    assertTrue(now.message().hasCommittedBlock());
    assertEquals(1_000 + DELAY, gossip.nextDueMs());
    assertTrue(gossip.due(1_000 + DELAY - 1).isEmpty());

    gossip.heard(key(1), 7);
    List<Outbound> later = gossip.due(1_000 + DELAY);
    assertEquals(Set.of(key(2)), recipients(later), "senator 1 showed height 7, senator 2 did not");
    assertEquals(Long.MAX_VALUE, gossip.nextDueMs());
    assertTrue(gossip.due(10_000).isEmpty(), "each block is offered once");
  }

  @Test
  void theSenderIsSkippedAndOlderHeightsShowNothing() {
    BlockGossip gossip = new BlockGossip(SELF, DELAY);
    gossip.heard(key(3), 9);
    gossip.heard(key(3), 5);

    Outbound.Gossip now = gossip.committed(block(9), key(5), senate(2, 3), 0);

    assertEquals(Set.of(key(2), key(3), key(5)), now.except());
    assertEquals(Set.of(key(2)), recipients(gossip.due(DELAY)), "a lower height heard later does not lower what is known");
  }

  @Test
  void pendingOffersAreBounded() {
    BlockGossip gossip = new BlockGossip(SELF, DELAY);
    for (int h = 1; h <= BlockGossip.DEFERRED_LIMIT + 10; h++) {
      gossip.committed(block(h), null, senate(1), h);
    }

    List<Outbound> all = gossip.due(Long.MAX_VALUE - DELAY);

    assertEquals(BlockGossip.DEFERRED_LIMIT, all.size());
    assertEquals(11, all.get(0).message().getCommittedBlock().getBlock().getHeader().getHeight(), "the oldest are dropped");
  }
}
