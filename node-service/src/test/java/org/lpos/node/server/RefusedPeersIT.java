package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.Hello;
import org.lpos.proto.v1.HelloChallenge;
import org.lpos.proto.v1.HelloProof;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.StatusAnnouncement;

/**
 * Real nodes on 127.0.0.1 refuse peers they must not trust: a node on another chain (another
 * chain id, or the same id with another genesis) never becomes a connected peer and each refusal
 * is counted; a client claiming another member's key whose HelloProof is signed by a different
 * key gets PERMISSION_DENIED and never appears among the peers; a peer that sends a message
 * before completing the handshake is dropped. A client that completes the handshake honestly is
 * accepted, so the refusals are the handshake's doing and not the test client's.
 */
class RefusedPeersIT {
  private static final String CHAIN_ID = "lpos-refused";
  private final List<Member> members = TestMembers.derive(31, 4);
  private final LoopbackNodes loopback = new LoopbackNodes();
  private final ChainFile chain = LoopbackNodes.chain(CHAIN_ID, "r", 4, members, 250_000);

  @AfterEach
  void stop() {
    loopback.close();
  }

  @Test
  void aNodeOnAnotherChainIdIsNeverConnected() throws Exception {
    assertRefusedBetween(chain, LoopbackNodes.chain("lpos-elsewhere", "r", 4, members, 250_000));
  }

  @Test
  void aNodeWithAnotherGenesisOfTheSameChainIdIsNeverConnected() throws Exception {
    assertRefusedBetween(chain, LoopbackNodes.chain(CHAIN_ID, "another genesis", 4, members, 250_000));
  }

  private void assertRefusedBetween(ChainFile ours, ChainFile theirs) throws Exception {
    LposNode a = loopback.start(members.get(0), ours);
    LposNode b = loopback.start(members.get(1), theirs);
    a.network().connect("127.0.0.1:" + b.port());
    await("both sides refuse twice (first dial and a redial)", 20,
        () -> a.network().handshakeFailures() >= 2 && b.network().handshakeFailures() >= 2);
    assertTrue(a.network().connected().isEmpty(), "the dialling node has no peer");
    assertTrue(b.network().connected().isEmpty(), "the dialled node has no peer");
  }

  @Test
  void anHonestClientIsAcceptedButAnImpostorIsDeniedAndNeverConnected() throws Exception {
    LposNode node = loopback.start(members.get(0), chain);
    PeerClient honest = new PeerClient(loopback, node, chain);
    Hello theirs = honest.hello(members.get(1).keys().publicKey());
    honest.send(PeerEnvelope.newBuilder().setProof(honest.proof(members.get(1).keys(), theirs)).build());
    await("the honest client among the peers", 10, () -> node.network().connected().size() == 1);

    PeerClient impostor = new PeerClient(loopback, node, chain);
    ByteString claimed = members.get(2).keys().publicKey();
    Hello seen = impostor.hello(claimed);
    HelloProof forged = HelloProof.newBuilder().setSignature(members.get(3).keys().sign(Domain.HELLO, CHAIN_ID,
        HelloChallenge.newBuilder().setChallenge(seen.getChallenge()).setSigner(claimed)
            .setVerifier(seen.getPublicKey()).build().toByteArray())).build();
    long failuresBefore = node.network().handshakeFailures();
    impostor.send(PeerEnvelope.newBuilder().setProof(forged).build());

    assertEquals(Status.Code.PERMISSION_DENIED, impostor.closedWith().getCode());
    assertEquals(failuresBefore + 1, node.network().handshakeFailures());
    assertTrue(node.network().connected().stream().noneMatch(c -> claimed.equals(c.peerKey())),
        "the impostor is not a peer");
    assertEquals(1, node.network().connected().size(), "only the honest client is a peer");
  }

  @Test
  void dialingAnAddressWhoseKeyIsKnownRefusesAnotherKey() throws Exception {
    LposNode a = loopback.start(members.get(0), chain);
    LposNode b = loopback.start(members.get(1), chain);
    String addressOfB = "127.0.0.1:" + b.port();
    a.network().learnAddress(members.get(2).keys().publicKey(), addressOfB);
    a.network().connect(addressOfB);
    await("the dialling node refuses the key that answered", 20,
        () -> a.network().handshakeFailures() >= 1);
    assertTrue(a.network().connected().isEmpty(), "no peer for a key that was not expected there");

    LposNode c = loopback.start(members.get(3), chain);
    String addressOfC = "127.0.0.1:" + c.port();
    a.network().learnAddress(members.get(3).keys().publicKey(), addressOfC);
    a.network().connect(addressOfC);
    await("the expected key connects", 20, () -> a.network().connected().size() == 1);
  }

  @Test
  void aPeerSendingAMessageBeforeItsProofIsDropped() throws Exception {
    LposNode node = loopback.start(members.get(0), chain);
    PeerClient hasty = new PeerClient(loopback, node, chain);
    hasty.hello(members.get(1).keys().publicKey());
    hasty.send(PeerEnvelope.newBuilder().setMessage(PeerMessage.newBuilder()
        .setStatus(StatusAnnouncement.getDefaultInstance())).build());

    Status closed = hasty.closedWith();
    assertEquals(Status.Code.PERMISSION_DENIED, closed.getCode());
    assertTrue(closed.getDescription().contains("before the handshake"), closed.getDescription());
    assertEquals(1, node.network().handshakeFailures());
    assertTrue(node.network().connected().isEmpty());
  }
}
