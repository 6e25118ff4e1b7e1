package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Blocks;
import org.lpos.lab.attack.RawPeerStream;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.Hello;
import org.lpos.proto.v1.HelloProof;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerMessage;

/** A hand-driven Peer stream to a real node: what a peer of our own making sends, and what the node answers. */
final class PeerClient {
  private final String chainId;
  private final ChainFile chain;
  private final RawPeerStream stream;
  private Hello ours;

  PeerClient(LoopbackNodes loopback, LposNode node, ChainFile chain) {
    this.chain = chain;
    this.chainId = chain.getBlocks(0).getBlock().getHeader().getParams().getChainId();
    this.stream = new RawPeerStream(loopback.channel(node));
  }

  /** Sends a Hello for {@code publicKey} on the node's chain; returns the node's Hello. */
  Hello hello(ByteString publicKey) throws Exception {
    ours = Hello.newBuilder().setPublicKey(publicKey).setChainId(chainId)
        .setGenesisHash(Blocks.hash(chain.getBlocks(0).getBlock())).setChallenge(RawPeerStream.newChallenge()).build();
    stream.send(ours);
    Hello theirs = stream.awaitHello(10_000);
    assertTrue(theirs != null, "the node opens with its Hello");
    return theirs;
  }

  /** Completes the handshake honestly as {@code signer}. */
  void handshake(KeyPair signer) throws Exception {
    Hello theirs = hello(signer.publicKey());
    send(PeerEnvelope.newBuilder().setProof(proof(signer, theirs)).build());
  }

  /** The proof {@code signer} owes the node whose Hello is {@code theirs}, after our {@link #hello}. */
  HelloProof proof(KeyPair signer, Hello theirs) {
    return stream.honestProof(signer, chainId, ours, theirs);
  }

  void send(PeerEnvelope frame) {
    stream.send(frame);
  }

  void send(PeerMessage message) {
    send(PeerEnvelope.newBuilder().setMessage(message).build());
  }

  /** The next message (not a handshake frame) the node sent, or null if none comes within 10 s. */
  PeerMessage nextMessage() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      Optional<PeerEnvelope> frame = stream.next(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      if (frame.isPresent() && frame.get().hasMessage()) {
        return frame.get().getMessage();
      }
    }
    return null;
  }

  /** How the node ended the stream. */
  Status closedWith() throws Exception {
    return stream.closedWithin(10_000).orElseThrow(() -> new AssertionError("the node kept the stream open"));
  }

  /** Whether the node ended the stream. */
  boolean isClosed() throws InterruptedException {
    return stream.closedWithin(0).isPresent();
  }
}
