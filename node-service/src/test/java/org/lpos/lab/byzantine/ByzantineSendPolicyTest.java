package org.lpos.lab.byzantine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.model.Blocks;
import org.lpos.node.consensus.ConsensusMessages;
import org.lpos.node.consensus.Outbound;
import org.lpos.node.server.SendPolicy;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.StatusAnnouncement;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/** The simulator's Byzantine behaviour as a real node's send policy, addressing peers by key. */
class ByzantineSendPolicyTest {
  private static final String CHAIN = "test-chain";
  private static final KeyPair SELF = key(1);
  private static final List<KeyPair> OTHERS = List.of(key(2), key(3), key(4));
  private static final List<ByteString> PEERS = OTHERS.stream().map(KeyPair::publicKey).toList();

  private static KeyPair key(int seed) {
    byte[] b = new byte[32];
    b[0] = (byte) seed;
    return KeyPair.fromSeed(b);
  }

  private static SendPolicy policy(String mode) {
    return new ByzantineModes().named(mode).create(SELF, CHAIN, () -> PEERS);
  }

  private static Outbound prevoteToSenate(ByteString block) {
    List<ByteString> senate = new ArrayList<>(PEERS);
    senate.add(0, SELF.publicKey());
    return new Outbound.ToSenate(7, senate, ConsensusMessages.wrap(
        ConsensusMessages.vote(SELF, CHAIN, VoteType.VOTE_TYPE_PREVOTE, 7, 0, block)));
  }

  private static ByteString hash(int b) {
    byte[] h = new byte[32];
    h[31] = (byte) b;
    return ByteString.copyFrom(h);
  }

  @Test
  void anEquivocatorSendsTwoValidlySignedConflictingVotesToTwoPartsOfTheSenate() {
    SendPolicy equivocate = policy("equivocate");
    Block proposed = Block.newBuilder().setHeader(BlockHeader.newBuilder().setChainId(CHAIN).setHeight(7)).build();
    equivocate.received(ConsensusMessages.wrap(ConsensusMessages.proposal(OTHERS.get(0), CHAIN, 7, 0, proposed, -1)));
    List<Outbound> sent = equivocate.beforeSend(List.of(prevoteToSenate(ByteString.EMPTY)));

    assertEquals(PEERS, sent.stream().map(o -> ((Outbound.ToPeer) o).peer()).toList(),
        "one message to each senator but itself, by key");
    Vote first = sent.get(0).message().getVote();
    Vote twin = sent.get(2).message().getVote();
    assertEquals(ByteString.EMPTY, first.getBlockHash(), "the first part gets the core's nil prevote");
    assertNotEquals(first.getBlockHash(), twin.getBlockHash(), "the rest get a prevote for the proposal it saw");
    assertEquals(twin, sent.get(1).message().getVote());
    assertEquals(List.of(7L, 0), List.of(twin.getHeight(), twin.getRound()));
    SignatureVerifier signatures = new SignatureVerifier();
    assertTrue(ConsensusMessages.verify(first, CHAIN, signatures) && ConsensusMessages.verify(twin, CHAIN, signatures),
        "both votes carry the member's valid signature, so together they are evidence");
    assertEquals(Blocks.hash(proposed), twin.getBlockHash(), "the twin names the block of the proposal it saw");
  }

  @Test
  void aSilentMemberSendsNothing() {
    assertEquals(List.of(), policy("silent").beforeSend(List.of(prevoteToSenate(hash(1)),
        new Outbound.Gossip(PeerMessage.getDefaultInstance()))));
  }

  @Test
  void gossipReachesEveryConnectedPeerButThoseExcepted() {
    PeerMessage status = PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder().setHeight(3)).build();
    List<Outbound> sent = policy("flood-next").beforeSend(List.of(new Outbound.Gossip(status, Set.of(PEERS.get(1)))));
    assertEquals(List.of(new Outbound.ToPeer(PEERS.get(0), status), new Outbound.ToPeer(PEERS.get(2), status)), sent);
  }

  @Test
  void aSpammerSendsEverythingTwiceAndJunkToAConnectedPeer() {
    Outbound vote = prevoteToSenate(hash(1));
    List<Outbound> sent = policy("spam").beforeSend(List.of(vote));
    assertEquals(PEERS.size() * 2 + 1, sent.size());
    for (int i = 0; i < PEERS.size(); i++) {
      assertEquals(new Outbound.ToPeer(PEERS.get(i), vote.message()), sent.get(2 * i));
      assertEquals(sent.get(2 * i), sent.get(2 * i + 1));
    }
    assertTrue(PEERS.contains(((Outbound.ToPeer) sent.get(PEERS.size() * 2)).peer()));
  }

  @Test
  void anInvalidMemberBreaksItsSignatures() {
    Outbound vote = prevoteToSenate(hash(1));
    List<Outbound> sent = policy("invalid").beforeSend(List.of(vote));
    assertEquals(PEERS.size(), sent.size());
    assertTrue(sent.stream().noneMatch(o -> ConsensusMessages.verify(o.message().getVote(), CHAIN,
        new SignatureVerifier())));
  }

  @Test
  void aHeightLiarTellsEveryPeerEveryIntervalThatItIsFarAhead() {
    SendPolicy liar = policy("lie-height");
    assertEquals(UnpromptedTraffic.INTERVAL_MS, liar.unpromptedIntervalMs());
    List<Outbound> burst = liar.unprompted(10, hash(5));
    assertTrue(burst.stream().allMatch(o -> o instanceof Outbound.ToPeer p && PEERS.contains(p.peer())));
    assertTrue(IntStream.range(0, PEERS.size()).allMatch(i -> burst.stream()
        .anyMatch(o -> ((Outbound.ToPeer) o).peer().equals(PEERS.get(i))
            && o.message().getStatus().getHeight() >= 10 + UnpromptedTraffic.FAR)));
    assertEquals(0, policy("equivocate").unpromptedIntervalMs(), "only the harassing modes send on their own");
  }

  @Test
  void modesOnlyTheSimulatorCanRunAreRefused() {
    assertEquals(List.of("equivocate", "silent", "invalid", "spam", "lie-height", "flood-next"),
        new ByzantineModes().names());
    assertThrows(IllegalArgumentException.class, () -> new ByzantineModes().named("non-member"));
    assertThrows(IllegalArgumentException.class, () -> new ByzantineModes().named("amnesia"));
    assertThrows(IllegalArgumentException.class, () -> new ByzantineModes().named("lie"));
  }
}
