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
import org.lpos.node.net.MessageKind;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.StatusAnnouncement;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * A real node on 127.0.0.1 holds each peer to its budgets (PeerBudgets): an authenticated peer
 * that floods status announcements and votes has the excess dropped before it reaches the
 * driver, counted by kind, and is disconnected once it keeps running over; an honest peer
 * connected at the same time is still heard (its status makes the node ask it for blocks) and
 * stays connected.
 */
class FloodingPeerIT {
  private static final int FLOOD = 3_000;

  private final List<Member> members = TestMembers.derive(37, 4);
  private final LoopbackNodes loopback = new LoopbackNodes();
  private final ChainFile chain = LoopbackNodes.chain("lpos-flood", "f", 4, members, 250_000);

  @AfterEach
  void stop() {
    loopback.close();
  }

  @Test
  void aFloodingPeerIsDroppedAndDisconnectedWhileAnHonestPeerIsHeard() throws Exception {
    LposNode node = loopback.start(members.get(0), chain);
    ByteString honestKey = members.get(1).keys().publicKey();
    PeerClient honest = new PeerClient(loopback, node, chain);
    honest.handshake(members.get(1).keys());
    PeerClient flooder = new PeerClient(loopback, node, chain);
    flooder.handshake(members.get(2).keys());
    await("both clients among the peers", 10, () -> node.network().connected().size() == 2);

    for (int i = 0; i < FLOOD && !flooder.isClosed(); i++) {
      flooder.send(PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder().setHeight(0)).build());
      flooder.send(PeerMessage.newBuilder().setVote(Vote.newBuilder().setType(VoteType.VOTE_TYPE_PREVOTE)
          .setHeight(0).setSigner(members.get(2).keys().publicKey())).build());
    }

    Status closed = flooder.closedWith();
    assertEquals(Status.Code.PERMISSION_DENIED, closed.getCode());
    assertTrue(closed.getDescription().contains("over budget"), closed.getDescription());
    assertTrue(node.network().overBudget(MessageKind.STATUS) > 0, "statuses over budget are counted");
    assertEquals(1, node.network().peersDropped());
    await("the flooder gone", 10,
        () -> node.network().connected().stream().allMatch(c -> honestKey.equals(c.peerKey())));

    honest.send(PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder().setHeight(5)).build());
    PeerMessage asked = honest.nextMessage();
    while (asked != null && !asked.hasBlockRequest()) {
      asked = honest.nextMessage();
    }
    assertTrue(asked != null, "the honest peer's status was heard: the node asks it for the blocks it lacks");
    assertEquals(1, asked.getBlockRequest().getFromHeight());
    assertTrue(node.network().connected().stream().anyMatch(c -> honestKey.equals(c.peerKey())),
        "the honest peer is still connected");
  }
}
