package org.lpos.lab.attack;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.Status;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.lpos.chain.crypto.KeyPair;
import io.grpc.ClientInterceptors;
import org.lpos.node.net.ChannelBinding;
import org.lpos.node.net.ChannelBindingCapture;
import org.lpos.node.net.Handshake;
import org.lpos.proto.v1.HandshakeRole;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerGrpc;
import org.lpos.proto.v1.PeerMessage;

/**
 * One peer stream opened by an attacker, at the level of frames: it can complete the node's own
 * handshake ({@link Handshake}, with any key: none is registered anywhere) and then send any
 * message, or send raw frames with no handshake at all. It uses gRPC's manual inbound flow
 * control, so an attacker that {@link Reading#NEVER_READS never reads} leaves everything the node
 * sends it in the node's buffers once the transport's window is full. Sends wait for the
 * transport to be ready, so the attacker's own memory stays bounded however fast it floods.
 */
public final class AttackerPeer implements AutoCloseable {
  /** Whether the attacker reads what the node sends after the handshake. */
  public enum Reading {
    READS,
    NEVER_READS
  }

  /** Frames the handshake needs from the node: its Hello and its proof. */
  private static final int HANDSHAKE_FRAMES = 2;

  private final ClientCall<PeerEnvelope, PeerEnvelope> call;
  private final Handshake handshake;
  private final Reading reading;
  private final AtomicLong received = new AtomicLong();
  private final AtomicLong sentBytes = new AtomicLong();
  private final AtomicLong sentFrames = new AtomicLong();
  private boolean theirProof;
  private Status closedWith;

  private AttackerPeer(Channel channel, Handshake handshake, Reading reading) {
    // The node's headers come before its Hello: the TLS session's certificates are then known
    // and the proof binds them, as an honest dialer's does (plaintext binds keys and roles only).
    Channel bound = handshake == null ? channel : ClientInterceptors.intercept(channel,
        new ChannelBindingCapture(b -> handshake.bind(b.orElse(ChannelBinding.PLAINTEXT))));
    this.call = bound.newCall(PeerGrpc.getConnectMethod(), CallOptions.DEFAULT);
    this.handshake = handshake;
    this.reading = reading;
  }

  /**
   * Opens a stream to {@code node} and runs the handshake as {@code key}; returns once the node's
   * proof has arrived (or the node closed the stream: see {@link #isClosed}).
   */
  public static AttackerPeer handshaken(Channel channel, KeyPair key, NodeFacts node, Reading reading,
      long timeoutMs) throws InterruptedException {
    AttackerPeer peer = new AttackerPeer(channel, new Handshake(key, node.chainId(), node.genesisHash(), "",
        HandshakeRole.HANDSHAKE_ROLE_DIALER, Optional.empty()), reading);
    peer.start(HANDSHAKE_FRAMES);
    peer.sendNow(PeerEnvelope.newBuilder().setHello(peer.handshake.hello()).build());
    peer.awaitHandshake(timeoutMs);
    return peer;
  }

  /** Opens a stream and sends nothing yet: the caller sends raw frames ({@link #sendWhenReady}). */
  public static AttackerPeer raw(Channel channel, Reading reading) {
    AttackerPeer peer = new AttackerPeer(channel, null, reading);
    peer.start(reading == Reading.READS ? Integer.MAX_VALUE : 0);
    return peer;
  }

  /** Sends {@code message} once the transport can take it; false if the stream closed or time ran out. */
  public boolean send(PeerMessage message, long timeoutMs) throws InterruptedException {
    return sendWhenReady(PeerEnvelope.newBuilder().setMessage(message).build(), timeoutMs);
  }

  /** Sends a raw frame once the transport can take it; false if the stream closed or time ran out. */
  public synchronized boolean sendWhenReady(PeerEnvelope frame, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (closedWith == null && !call.isReady()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    if (closedWith != null) {
      return false;
    }
    sendNow(frame);
    return true;
  }

  /** Waits until the node closes the stream; returns its status, or empty on timeout. */
  public synchronized Optional<Status> awaitClosed(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (closedWith == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return Optional.empty();
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return Optional.of(closedWith);
  }

  /** Whether the stream has ended (the node closed it, or the transport failed). */
  public synchronized boolean isClosed() {
    return closedWith != null;
  }

  /** How the stream ended, or empty while it is open. */
  public synchronized Optional<Status> closedWith() {
    return Optional.ofNullable(closedWith);
  }

  /** Frames received from the node. */
  public long received() {
    return received.get();
  }

  /** Frames sent, including the handshake's. */
  public long sentFrames() {
    return sentFrames.get();
  }

  /** Serialized bytes sent. */
  public long sentBytes() {
    return sentBytes.get();
  }

  @Override
  public synchronized void close() {
    if (closedWith == null) {
      call.cancel("attack over", null);
    }
  }

  private synchronized void start(int initialRequest) {
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(PeerEnvelope frame) {
        received.incrementAndGet();
        onFrame(frame);
      }

      @Override
      public void onReady() {
        synchronized (AttackerPeer.this) {
          AttackerPeer.this.notifyAll();
        }
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        synchronized (AttackerPeer.this) {
          closedWith = status;
          AttackerPeer.this.notifyAll();
        }
      }
    }, new Metadata());
    if (initialRequest > 0) {
      call.request(initialRequest);
    }
  }

  private synchronized void onFrame(PeerEnvelope frame) {
    if (handshake == null || closedWith != null) {
      return;
    }
    if (frame.hasHello()) {
      if (handshake.receiveHello(frame.getHello()).isPresent()) {
        call.cancel("the node's Hello was refused", null);
        return;
      }
      sendNow(PeerEnvelope.newBuilder().setProof(handshake.proof()).build());
    } else if (frame.hasProof() && !theirProof) {
      theirProof = true;
      if (reading == Reading.READS) {
        call.request(Integer.MAX_VALUE);
      }
      notifyAll();
    }
  }

  private synchronized void awaitHandshake(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (!theirProof && closedWith == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        call.cancel("handshake timed out", null);
        return;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  private synchronized void sendNow(PeerEnvelope frame) {
    call.sendMessage(frame);
    sentFrames.incrementAndGet();
    sentBytes.addAndGet(frame.getSerializedSize());
  }
}
