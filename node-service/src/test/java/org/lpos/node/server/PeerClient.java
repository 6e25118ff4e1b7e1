package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Blocks;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.Hello;
import org.lpos.proto.v1.HelloChallenge;
import org.lpos.proto.v1.HelloProof;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerGrpc;
import org.lpos.proto.v1.PeerMessage;

/** A hand-driven Peer stream to a real node: what a peer of our own making sends, and what the node answers. */
final class PeerClient {
  private final String chainId;
  private final ChainFile chain;
  private final LinkedBlockingQueue<PeerEnvelope> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Status> closed = new CompletableFuture<>();
  private final StreamObserver<PeerEnvelope> out;

  PeerClient(LoopbackNodes loopback, LposNode node, ChainFile chain) {
    this.chain = chain;
    this.chainId = chain.getBlocks(0).getBlock().getHeader().getParams().getChainId();
    out = PeerGrpc.newStub(loopback.channel(node)).connect(new StreamObserver<>() {
      @Override
      public void onNext(PeerEnvelope frame) {
        received.add(frame);
      }

      @Override
      public void onError(Throwable t) {
        closed.complete(Status.fromThrowable(t));
      }

      @Override
      public void onCompleted() {
        closed.complete(Status.OK);
      }
    });
  }

  /** Sends a Hello for {@code publicKey} on the node's chain; returns the node's Hello. */
  Hello hello(ByteString publicKey) throws Exception {
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    send(PeerEnvelope.newBuilder().setHello(Hello.newBuilder().setPublicKey(publicKey).setChainId(chainId)
        .setGenesisHash(Blocks.hash(chain.getBlocks(0).getBlock())).setChallenge(ByteString.copyFrom(challenge)))
        .build());
    PeerEnvelope first = received.poll(10, TimeUnit.SECONDS);
    assertTrue(first != null && first.hasHello(), "the node opens with its Hello: " + first);
    return first.getHello();
  }

  /** Completes the handshake honestly as {@code signer}. */
  void handshake(KeyPair signer) throws Exception {
    Hello theirs = hello(signer.publicKey());
    send(PeerEnvelope.newBuilder().setProof(proof(signer, theirs)).build());
  }

  /** The proof {@code signer} owes the node whose Hello is {@code theirs}. */
  HelloProof proof(KeyPair signer, Hello theirs) {
    HelloChallenge signed = HelloChallenge.newBuilder().setChallenge(theirs.getChallenge())
        .setSigner(signer.publicKey()).setVerifier(theirs.getPublicKey()).build();
    return HelloProof.newBuilder().setSignature(signer.sign(Domain.HELLO, chainId, signed.toByteArray())).build();
  }

  void send(PeerEnvelope frame) {
    out.onNext(frame);
  }

  void send(PeerMessage message) {
    send(PeerEnvelope.newBuilder().setMessage(message).build());
  }

  /** The next message (not a handshake frame) the node sent, or null if none comes within 10 s. */
  PeerMessage nextMessage() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      PeerEnvelope frame = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (frame != null && frame.hasMessage()) {
        return frame.getMessage();
      }
    }
    return null;
  }

  /** How the node ended the stream. */
  Status closedWith() throws Exception {
    return closed.get(10, TimeUnit.SECONDS);
  }

  /** Whether the node ended the stream. */
  boolean isClosed() {
    return closed.isDone();
  }
}
