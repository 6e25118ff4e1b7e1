package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.node.net.FrameLimit;
import org.lpos.node.net.MessageKind;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Script;
import org.lpos.proto.v1.ScriptUnit;
import org.lpos.proto.v1.StatusAnnouncement;
import org.lpos.proto.v1.TicketSubmission;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TransactionBatch;
import org.lpos.proto.v1.TxOutput;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * The network edge of a real node on 127.0.0.1 (issue 14): a key holding no stake is served as a
 * follower whose senate messages are dropped and counted before the driver while its status is
 * still heard, or is refused at the handshake with {@code --members-only}; a frame larger than
 * the chain's largest legal frame is refused on its stream while the node goes on committing; a
 * stream that never completes its handshake is closed after the timeout and frees its slot; and
 * streams from one address past its cap are refused.
 */
class PeerEdgeIT {
  private static final int SENATE_MESSAGES = 50;

  private final List<Member> members = TestMembers.derive(43, 4);
  private final Member stranger = TestMembers.derive(97, 1).get(0);
  private final LoopbackNodes loopback = new LoopbackNodes();
  private final ChainFile chain = LoopbackNodes.chain("lpos-edge", "e", 4, members, 250_000);

  @AfterEach
  void stop() {
    loopback.close();
  }

  @Test
  void aKeyWithoutStakeIsAFollowerWhoseSenateMessagesAreDroppedAtTheEdge() throws Exception {
    LposNode node = loopback.start(members.get(0), chain);
    ByteString strangerKey = stranger.keys().publicKey();
    PeerClient follower = new PeerClient(loopback, node, chain);
    follower.handshake(stranger.keys());
    await("the follower among the peers", 10,
        () -> node.network().connected().stream().anyMatch(c -> strangerKey.equals(c.peerKey())));

    for (int i = 0; i < SENATE_MESSAGES; i++) {
      follower.send(PeerMessage.newBuilder().setVote(Vote.newBuilder().setType(VoteType.VOTE_TYPE_PREVOTE)
          .setHeight(1).setRound(i).setSigner(strangerKey)).build());
      follower.send(PeerMessage.newBuilder().setProposal(Proposal.newBuilder().setHeight(1).setRound(i)
          .setProposer(strangerKey)).build());
      follower.send(PeerMessage.newBuilder().setTicket(TicketSubmission.newBuilder().setHeight(1 + i)).build());
    }
    follower.send(PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder().setHeight(5)).build());
    PeerMessage asked = follower.nextMessage();
    while (asked != null && !asked.hasBlockRequest()) {
      asked = follower.nextMessage();
    }
    assertTrue(asked != null, "the follower's status was heard: the node asks it for the blocks it lacks");

    assertEquals(SENATE_MESSAGES, node.network().fromNonMembers(MessageKind.VOTE), "every vote dropped at the edge");
    assertEquals(SENATE_MESSAGES, node.network().fromNonMembers(MessageKind.PROPOSAL));
    assertEquals(SENATE_MESSAGES, node.network().fromNonMembers(MessageKind.TICKET));
    assertEquals(0, node.network().peersDropped(), "dropping them did not count as misbehaviour");
    assertTrue(node.metrics().registry().scrape().contains("lpos_net_non_member_dropped_messages_total{"),
        "the drops are exported");
    assertTrue(node.network().connected().stream().anyMatch(c -> strangerKey.equals(c.peerKey())),
        "the follower stays connected");
  }

  @Test
  void withMembersOnlyAKeyWithoutStakeIsRefusedAtTheHandshake() throws Exception {
    LposNode node = loopback.start(members.get(0), chain, NodeConfig.defaultLimits(chain).withStreams(512, 128, true));
    PeerClient member = new PeerClient(loopback, node, chain);
    member.handshake(members.get(1).keys());
    await("the stakeholder among the peers", 10, () -> node.network().connected().size() == 1);

    PeerClient follower = new PeerClient(loopback, node, chain);
    follower.handshake(stranger.keys());
    Status closed = follower.closedWith();
    assertEquals(Status.Code.PERMISSION_DENIED, closed.getCode());
    assertTrue(closed.getDescription().contains("stake"), closed.getDescription());
    assertEquals(1, node.network().refusedNonMembers());
    assertEquals(1, node.network().connected().size(), "only the stakeholder is a peer");
  }

  @Test
  void aFrameOverTheChainsLimitIsRefusedAndTheNodeKeepsCommitting() throws Exception {
    Member solo = members.get(0);
    ChainFile soloChain = LoopbackNodes.chain("lpos-edge-solo", "s", 1, List.of(solo), 250_000);
    LposNode node = loopback.start(solo, soloChain);
    int limit = FrameLimit.forChain(soloChain.getBlocks(0).getBlock().getHeader().getParams());
    assertTrue(limit < 4 << 20, "a chain of 1 MiB blocks needs less than gRPC's default of 4 MiB: " + limit);
    SoloPayments.payToSelf(node, "lpos-edge-solo", solo);
    await("the node commits", 30, () -> node.driver().status().height() >= 2);

    PeerClient big = new PeerClient(loopback, node, soloChain);
    big.handshake(stranger.keys());
    await("the sender among the peers", 10, () -> node.network().connected().size() == 1);
    big.send(PeerEnvelope.newBuilder().setMessage(batchOf(limit + 1_024)).build());
    assertRefused(big.closedWith());

    PeerClient huge = new PeerClient(loopback, node, soloChain);
    huge.send(PeerEnvelope.newBuilder().setMessage(batchOf(5 << 20)).build());
    assertRefused(huge.closedWith());
    await("the sender's stream gone", 10, () -> node.network().connected().isEmpty());
    assertEquals(0, node.network().cost().snapshot().get(MessageKind.TRANSACTIONS).receivedMessages(),
        "neither frame was taken in");

    long height = node.driver().status().height();
    SoloPayments.payToSelf(node, "lpos-edge-solo", solo);
    await("the node goes on committing", 30, () -> node.driver().status().height() > height);
    PeerClient after = new PeerClient(loopback, node, soloChain);
    after.handshake(members.get(1).keys());
    await("a new peer is accepted", 10, () -> node.network().connected().size() == 1);
  }

  @Test
  void aStreamThatNeverCompletesItsHandshakeIsClosedAfterTheTimeout() throws Exception {
    LposNode node = loopback.start(members.get(0), chain, NodeConfig.defaultLimits(chain).withHandshakeTimeoutMs(300));
    PeerClient halfway = new PeerClient(loopback, node, chain);
    halfway.hello(members.get(1).keys().publicKey());
    PeerClient silent = new PeerClient(loopback, node, chain);

    Status closed = halfway.closedWith();
    assertEquals(Status.Code.PERMISSION_DENIED, closed.getCode());
    assertTrue(closed.getDescription().contains("handshake not completed"), closed.getDescription());
    assertEquals(Status.Code.PERMISSION_DENIED, silent.closedWith().getCode(), "a stream that sends nothing too");
    assertEquals(2, node.network().handshakeTimeouts());
    await("their slots are free", 10, () -> node.network().inboundStreams().open() == 0);

    PeerClient honest = new PeerClient(loopback, node, chain);
    honest.handshake(members.get(1).keys());
    await("an honest peer still connects", 10, () -> node.network().connected().size() == 1);
  }

  @Test
  void streamsFromOneAddressPastItsCapAreRefused() throws Exception {
    LposNode node = loopback.start(members.get(0), chain, NodeConfig.defaultLimits(chain).withStreams(512, 2, false));
    PeerClient first = new PeerClient(loopback, node, chain);
    first.handshake(members.get(1).keys());
    PeerClient second = new PeerClient(loopback, node, chain);
    second.handshake(members.get(2).keys());
    await("two peers", 10, () -> node.network().connected().size() == 2);

    PeerClient third = new PeerClient(loopback, node, chain);
    assertEquals(Status.Code.RESOURCE_EXHAUSTED, third.closedWith().getCode());
    assertEquals(1, node.network().inboundStreams().refused());
    assertEquals(2, node.network().connected().size(), "the two admitted peers are untouched");
  }

  /**
   * gRPC refuses an oversized frame with RESOURCE_EXHAUSTED and resets the stream; the client
   * sees one or the other, whichever reaches it first.
   */
  private static void assertRefused(Status closed) {
    assertTrue(closed.getCode() == Status.Code.RESOURCE_EXHAUSTED || closed.getCode() == Status.Code.CANCELLED,
        String.valueOf(closed));
  }

  /** A transaction batch of about {@code bytes} serialized bytes. */
  private static PeerMessage batchOf(int bytes) {
    Transaction tx = Transaction.newBuilder().addOutputs(TxOutput.newBuilder().setValue(1)
        .setLock(Script.newBuilder().addUnits(ScriptUnit.newBuilder().setData(ByteString.copyFrom(new byte[bytes])))))
        .build();
    return PeerMessage.newBuilder().setTransactions(TransactionBatch.newBuilder().addTransactions(tx)).build();
  }
}
