package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.senate.Senate;
import org.lpos.node.runtime.DiscardingSink;
import org.lpos.node.runtime.NodeDriver;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.StatusAnnouncement;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * What a peer's claims and faults cost (issue 13): an unsigned claim of a later height prompts a
 * fetch but never stops a senator from voting at its height, and a refused input is charged to
 * the peer that sent it, also when the core looks at it only later.
 */
class ClaimsAndPenaltiesTest {
  private static final long T = CoreCluster.T0;

  @Test
  void unsignedClaimsOfLaterHeightsDoNotStopASenatorFromVoting() {
    CoreCluster cluster = new CoreCluster(4, 4);
    Senate senate = cluster.core(0).chain().nextSenate();
    ByteString proposer = senate.proposer(0);
    ByteString subjectKey = senate.senators().stream().filter(s -> !s.equals(proposer)).findFirst().orElseThrow();
    NodeCore subject = new NodeCore(cluster.config, cluster.keys.get(subjectKey), cluster.genesis,
        PersistedState.empty());
    subject.start(T);
    ByteString stranger = KeyPair.fromSeed(new byte[32]).publicKey();

    Ready r = subject.handle(new Event.Received(T + 1, stranger, PeerMessage.newBuilder()
        .setStatus(StatusAnnouncement.newBuilder().setHeight(1)).build()));
    assertTrue(r.messages().stream().anyMatch(o -> o.message().hasBlockRequest()), "a claim prompts a fetch");
    subject.handle(new Event.Received(T + 2, stranger, PeerMessage.newBuilder().setVote(Vote.newBuilder()
        .setType(VoteType.VOTE_TYPE_PREVOTE).setHeight(1_000).setSigner(stranger)).build()));

    Block block = ScenarioBlocks.block(subject.chain(), cluster.keys.get(proposer), 0, T + 3,
        List.of(cluster.payment(0, 1, 10, 0)));
    r = subject.handle(new Event.Received(T + 4, proposer, ConsensusMessages.wrap(
        ConsensusMessages.proposal(cluster.keys.get(proposer), CoreCluster.CHAIN_ID, 1, 0, block, -1))));
    List<ByteString> prevotes = r.messages().stream().filter(o -> o.message().hasVote())
        .map(o -> o.message().getVote().getBlockHash()).toList();
    assertEquals(List.of(Blocks.hash(block)), prevotes, "the senator prevotes the proposal despite the claims");
  }

  @Test
  void aBadNextHeightMessageIsChargedToItsSenderNotToThePeerWhoseBlockReplayedIt() throws Exception {
    CoreCluster cluster = new CoreCluster(4, 4);
    cluster.submit(0, cluster.payment(0, 1, 10, 0));
    cluster.advanceTo(cluster.now + 10_000);
    CertifiedBlock first = cluster.core(0).committedBlocks().get(0);
    Senate next = cluster.core(0).chain().nextSenate();
    ByteString subjectKey = next.senators().get(0);
    ByteString attacker = cluster.members.stream().map(m -> m.keys().publicKey())
        .filter(k -> !k.equals(subjectKey)).findFirst().orElseThrow();
    ByteString honest = cluster.members.stream().map(m -> m.keys().publicKey())
        .filter(k -> !k.equals(subjectKey) && !k.equals(attacker)).findFirst().orElseThrow();
    Vote forged = ScenarioBlocks.prevote(cluster.keys.get(attacker), 2, 0, ByteString.EMPTY).toBuilder()
        .setSignature(ByteString.copyFrom(new byte[64])).build();

    NodeCore subject = new NodeCore(cluster.config, cluster.keys.get(subjectKey), cluster.genesis,
        PersistedState.empty());
    List<ByteString> charged = Collections.synchronizedList(new ArrayList<>());
    AtomicLong committed = new AtomicLong();
    NodeDriver.Sink sink = new DiscardingSink() {
      @Override
      public void applied(Ready ready) {
        committed.addAndGet(ready.committed().size());
      }

      @Override
      public void misbehaved(ByteString peer, Rejection rejection) {
        charged.add(peer);
      }
    };
    AtomicLong clock = new AtomicLong(T + 20_000);
    try (NodeDriver driver = new NodeDriver(subject, sink, clock::get)) {
      driver.start();
      driver.received(attacker, ConsensusMessages.wrap(forged));
      driver.received(honest, PeerMessage.newBuilder().setCommittedBlock(first).build());
      await("the block applied and the forged vote charged", 10, () -> !charged.isEmpty() && committed.get() != 0);
      assertEquals(1, committed.get(), "the honest peer's block was applied");
      assertEquals(List.of(attacker), List.copyOf(charged), "the forged vote is charged to the peer that sent it");
    }
  }

  @Test
  void oneFloodingPeerCannotFillTheNextHeightBufferForTheOthers() {
    NextHeightBuffer buffer = new NextHeightBuffer(1 << 20);
    ByteString flooder = ByteString.copyFromUtf8("flooder");
    ByteString honest = ByteString.copyFromUtf8("honest");
    int kept = 0;
    for (int i = 0; i < 10 * NextHeightBuffer.PER_PEER_LIMIT; i++) {
      PeerMessage vote = PeerMessage.newBuilder().setVote(Vote.newBuilder().setRound(i)).build();
      kept += buffer.add(new Event.Received(T, flooder, vote)) ? 1 : 0;
    }
    assertEquals(NextHeightBuffer.PER_PEER_LIMIT, kept);
    assertTrue(buffer.add(new Event.Received(T, honest, PeerMessage.getDefaultInstance())));
    assertEquals(NextHeightBuffer.PER_PEER_LIMIT + 1, buffer.drain().size());
    assertFalse(buffer.firstSender().isPresent());
  }
}
