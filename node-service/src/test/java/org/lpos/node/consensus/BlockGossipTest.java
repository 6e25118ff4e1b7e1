package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.Hashes;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/** Which peers a committed block is not gossiped to. */
class BlockGossipTest {
  private static ByteString key(int i) {
    return ByteString.copyFrom(new byte[] {(byte) i, 1, 2, 3});
  }

  /** A hash-sized value made of {@code text}, zero-padded. */
  private static ByteString hash(String text) {
    return ByteString.copyFrom(Arrays.copyOf(text.getBytes(StandardCharsets.UTF_8), Hashes.LENGTH));
  }

  private static final ByteString HASH = hash("the block's hash");

  private static CertifiedBlock block(long height) {
    return block(height, HASH);
  }

  private static CertifiedBlock block(long height, ByteString hash) {
    return CertifiedBlock.newBuilder()
        .setBlock(Block.newBuilder().setHeader(BlockHeader.newBuilder().setHeight(height)))
        .setCertificate(CommitCertificate.newBuilder().setHeight(height).setBlockHash(hash)).build();
  }

  private static PeerMessage vote(ByteString signer, long height, ByteString hash) {
    return PeerMessage.newBuilder().setVote(Vote.newBuilder().setType(VoteType.VOTE_TYPE_PREVOTE)
        .setHeight(height).setBlockHash(hash).setSigner(signer)).build();
  }

  /** The whole block's gossip, which {@link BlockGossip#committed} lists first. */
  private static Outbound.Gossip full(List<Outbound> sent) {
    return (Outbound.Gossip) sent.get(0);
  }

  /** The peers sent only the certificate. */
  private static Set<ByteString> noticed(List<Outbound> sent) {
    return Set.copyOf(sent.stream().skip(1).map(o -> {
      assertTrue(o.message().hasCommitNotice());
      return ((Outbound.ToPeer) o).peer();
    }).toList());
  }

  @Test
  void aPeerThatVotedForTheBlockGetsOnlyItsCertificate() {
    BlockGossip gossip = new BlockGossip();
    gossip.heardFrom(key(1), vote(key(1), 7, HASH));
    gossip.heardFrom(key(2), vote(key(2), 7, hash("another block")));
    gossip.heardFrom(key(3), vote(key(3), 7, ByteString.EMPTY));

    List<Outbound> sent = gossip.committed(block(7), null);

    assertEquals(Set.of(key(1)), noticed(sent));
    assertEquals(Set.of(key(1)), full(sent).except(), "the others get the block");
    assertEquals(HASH, sent.get(1).message().getCommitNotice().getBlockHash());
  }

  @Test
  void aVoteRelayedByAnotherPeerShowsNothingOfTheRelay() {
    BlockGossip gossip = new BlockGossip();
    gossip.heardFrom(key(2), vote(key(1), 7, HASH));
    gossip.heardFrom(key(3), vote(key(3), 6, HASH));

    List<Outbound> sent = gossip.committed(block(7), null);

    assertEquals(Set.of(), noticed(sent), "key 2 only relayed, key 3 voted at another height");
    assertEquals(1, sent.size());
  }

  @Test
  void theSenderIsSentNeitherTheBlockNorItsCertificate() {
    BlockGossip gossip = new BlockGossip();
    gossip.heardFrom(key(1), vote(key(1), 7, HASH));

    List<Outbound> sent = gossip.committed(block(7), key(1));

    assertEquals(Set.of(), noticed(sent));
    assertEquals(Set.of(key(1)), full(sent).except());
  }

  @Test
  void votesForValuesOfAnotherLengthThanAHashAreNotKept() {
    BlockGossip gossip = new BlockGossip();
    ByteString junk = ByteString.copyFrom(new byte[1 << 20]);
    gossip.heardFrom(key(1), vote(key(1), 7, junk));

    assertEquals(Set.of(), noticed(gossip.committed(block(7, junk), null)),
        "a 1 MiB 'hash' is not remembered, so a peer cannot pin memory with it");
  }

  @Test
  void bodiesRememberedPerPeerAreBounded() {
    BlockGossip gossip = new BlockGossip();
    for (int i = 0; i < BlockGossip.BODIES_PER_PEER; i++) {
      gossip.heardFrom(key(1), vote(key(1), 7, hash("block " + i)));
    }
    gossip.heardFrom(key(1), vote(key(1), 7, HASH));

    assertEquals(Set.of(), noticed(gossip.committed(block(7), null)), "the fifth hash is not kept");
  }

  @Test
  void theSenderAndPeersPastTheHeightAreSkipped() {
    BlockGossip gossip = new BlockGossip();
    gossip.heard(key(1), 7);
    gossip.heard(key(2), 6);
    gossip.heard(key(3), 9);

    Outbound.Gossip g = full(gossip.committed(block(7), key(4)));

    assertEquals(Set.of(key(1), key(3), key(4)), g.except(), "peer 2 holds only height 6");
    assertTrue(g.message().hasCommittedBlock());
    assertEquals(7, g.message().getCommittedBlock().getBlock().getHeader().getHeight());
  }

  @Test
  void aLowerHeightHeardLaterDoesNotLowerWhatIsKnown() {
    BlockGossip gossip = new BlockGossip();
    gossip.heard(key(3), 9);
    gossip.heard(key(3), 5);

    assertEquals(Set.of(key(3)), full(gossip.committed(block(9), null)).except());
  }

  @Test
  void onlyTheMostRecentlyHeardPeersAreRemembered() {
    BlockGossip gossip = new BlockGossip();
    for (int i = 0; i <= BlockGossip.PEERS_REMEMBERED; i++) {
      gossip.heard(ByteString.copyFromUtf8("peer-" + i), 100);
    }

    Set<ByteString> except = full(gossip.committed(block(100), null)).except();

    assertEquals(BlockGossip.PEERS_REMEMBERED, except.size());
    assertTrue(!except.contains(ByteString.copyFromUtf8("peer-0")), "the eldest is forgotten");
  }
}
