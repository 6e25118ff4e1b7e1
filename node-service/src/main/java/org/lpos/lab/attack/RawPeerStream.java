package org.lpos.lab.attack;

import com.google.protobuf.ByteString;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.node.net.ChannelBinding;
import org.lpos.node.net.ChannelBindingCapture;
import org.lpos.proto.v1.HandshakeRole;
import org.lpos.proto.v1.Hello;
import org.lpos.proto.v1.HelloChallenge;
import org.lpos.proto.v1.HelloProof;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerGrpc;

/**
 * A Peer stream driven frame by frame, as an adversary or a test drives it: what it sends is up
 * to the caller, what the node sends is queued, and the TLS session's {@link ChannelBinding} (as
 * this dialing end sees it) is kept so an honest proof can be made.
 */
public final class RawPeerStream {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final LinkedBlockingQueue<PeerEnvelope> received = new LinkedBlockingQueue<>();
  private final CompletableFuture<Status> closed = new CompletableFuture<>();
  private final CompletableFuture<ChannelBinding> binding = new CompletableFuture<>();
  private final StreamObserver<PeerEnvelope> out;

  /** Opens a Peer stream over {@code channel} (TLS or not). */
  public RawPeerStream(Channel channel) {
    out = PeerGrpc.newStub(channel)
        .withInterceptors(new ChannelBindingCapture(b -> binding.complete(b.orElse(ChannelBinding.PLAINTEXT))))
        .connect(new StreamObserver<>() {
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

  /** A fresh 32-byte challenge. */
  public static ByteString newChallenge() {
    byte[] c = new byte[32];
    RANDOM.nextBytes(c);
    return ByteString.copyFrom(c);
  }

  /** Sends a frame. */
  public void send(PeerEnvelope frame) {
    out.onNext(frame);
  }

  /** Sends a Hello. */
  public void send(Hello hello) {
    send(PeerEnvelope.newBuilder().setHello(hello).build());
  }

  /** Sends a proof. */
  public void send(HelloProof proof) {
    send(PeerEnvelope.newBuilder().setProof(proof).build());
  }

  /** The next frame the node sent, or empty if none came within {@code millis} (or the stream closed). */
  public Optional<PeerEnvelope> next(long millis) throws InterruptedException {
    return Optional.ofNullable(received.poll(millis, TimeUnit.MILLISECONDS));
  }

  /** The node's Hello: its first frame, awaited for up to {@code millis}. */
  public Hello awaitHello(long millis) throws InterruptedException {
    PeerEnvelope first = received.poll(millis, TimeUnit.MILLISECONDS);
    if (first == null || !first.hasHello()) {
      throw new IllegalStateException("the node did not open with a Hello: " + first + ", stream " + closed.getNow(null));
    }
    return first.getHello();
  }

  /** The next proof the node sends within {@code millis}, skipping nothing else but failing on other frames. */
  public HelloProof awaitProof(long millis) throws InterruptedException {
    PeerEnvelope frame = received.poll(millis, TimeUnit.MILLISECONDS);
    if (frame == null || !frame.hasProof()) {
      throw new IllegalStateException("no proof from the node: " + frame + ", stream " + closed.getNow(null));
    }
    return frame.getProof();
  }

  /** What this end sees of the TLS session (known once the node's headers came). */
  public ChannelBinding binding() {
    return binding.getNow(ChannelBinding.PLAINTEXT);
  }

  /** The honest proof {@code signer}, having sent {@code ours}, owes the node whose Hello is {@code theirs}. */
  public HelloProof honestProof(KeyPair signer, String chainId, Hello ours, Hello theirs) {
    return sign(signer, chainId, HelloChallenge.newBuilder()
        .setChallenge(theirs.getChallenge())
        .setSigner(signer.publicKey())
        .setVerifier(theirs.getPublicKey())
        .setSignerChallenge(ours.getChallenge())
        .setSignerRole(HandshakeRole.HANDSHAKE_ROLE_DIALER)
        .setSignerCertificateSha256(binding().ownCertificateSha256())
        .setVerifierCertificateSha256(binding().peerCertificateSha256())
        .build());
  }

  /** A proof over any {@code challenge}, signed by {@code signer}. */
  public static HelloProof sign(KeyPair signer, String chainId, HelloChallenge challenge) {
    return HelloProof.newBuilder().setSignature(signer.sign(Domain.HELLO, chainId, challenge.toByteArray())).build();
  }

  /** How the node ended the stream, awaited for up to {@code millis}; empty while it is open. */
  public Optional<Status> closedWithin(long millis) throws InterruptedException {
    try {
      return Optional.of(closed.get(millis, TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      return Optional.empty();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Ends the stream from this side. */
  public void cancel() {
    try {
      out.onError(Status.CANCELLED.asRuntimeException());
    } catch (RuntimeException ignored) {
      // Already closed by the node.
    }
  }
}
