package org.lpos.node.net;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.CallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.Optional;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerMessage;

/**
 * One side of a peer stream, inbound or outbound: runs the handshake, then passes messages to
 * the {@link PeerNetwork}. Outgoing frames wait in a bounded queue drained only while the
 * transport is ready (gRPC flow control), so a slow peer costs a bounded amount of memory:
 * beyond the bound, frames to it are dropped and counted, which consensus tolerates (votes and
 * blocks are re-obtained through rounds and catch-up).
 */
public final class PeerConnection implements StreamObserver<PeerEnvelope> {
  /** Who opened the stream. */
  public enum Direction {
    OUTBOUND,
    INBOUND
  }

  private final PeerNetwork network;
  private final Handshake handshake;
  private final Direction direction;
  private final String dialedAddress;
  private static final int MAX_BATCH = 1_000;

  private final int queueLimit;
  private final ArrayDeque<PeerEnvelope> queue = new ArrayDeque<>();
  private final ArrayDeque<PeerEnvelope> bulk = new ArrayDeque<>();
  private CallStreamObserver<PeerEnvelope> out;
  private volatile ByteString peerKey;
  private volatile boolean closed;
  private boolean started;

  PeerConnection(PeerNetwork network, Handshake handshake, Direction direction, String dialedAddress, int queueLimit) {
    this.network = network;
    this.handshake = handshake;
    this.direction = direction;
    this.dialedAddress = dialedAddress;
    this.queueLimit = queueLimit;
  }

  /**
   * Attaches the stream to write to and queues our Hello. A client call may not send before it
   * has started, so an outbound stream only drains from its on-ready callback; a server stream
   * is started already.
   */
  synchronized void attach(CallStreamObserver<PeerEnvelope> stream, boolean started) {
    this.out = stream;
    this.started = started;
    stream.setOnReadyHandler(() -> {
      synchronized (this) {
        this.started = true;
      }
      drain();
    });
    enqueue(PeerEnvelope.newBuilder().setHello(handshake.hello()).build());
  }

  /**
   * Sets what this end sees of the stream's TLS session; empty when the session had no
   * certificates to bind to, which fails the handshake when the peer's Hello comes.
   */
  void bind(Optional<ChannelBinding> binding) {
    binding.ifPresent(handshake::bind);
  }

  /** The authenticated peer's key (null until the handshake completes). */
  public ByteString peerKey() {
    return peerKey;
  }

  /** Who opened the stream. */
  public Direction direction() {
    return direction;
  }

  /** Where the peer listens: the address dialled, or the one its Hello announced. */
  public String address() {
    if (dialedAddress != null) {
      return dialedAddress;
    }
    return handshake.peer().map(h -> h.getAddress()).orElse("");
  }

  /** Queues a message for the peer; false if the queue was full and it was dropped. */
  public boolean send(PeerMessage message) {
    return enqueue(PeerEnvelope.newBuilder().setMessage(message).build());
  }

  @Override
  public void onNext(PeerEnvelope frame) {
    if (closed) {
      return;
    }
    switch (frame.getKindCase()) {
      case HELLO -> {
        Optional<String> refused = handshake.receiveHello(frame.getHello());
        if (refused.isPresent()) {
          fail(refused.get());
          return;
        }
        if (!handshake.isBound()) {
          fail("no TLS certificates to bind the handshake to");
          return;
        }
        enqueue(PeerEnvelope.newBuilder().setProof(handshake.proof()).build());
      }
      case PROOF -> {
        if (peerKey != null || !handshake.verify(frame.getProof())) {
          fail("handshake proof does not verify");
          return;
        }
        peerKey = handshake.peer().orElseThrow().getPublicKey();
        network.authenticated(this);
      }
      case MESSAGE -> {
        if (peerKey == null) {
          fail("message before the handshake completed");
          return;
        }
        network.received(this, frame.getMessage());
      }
      default -> fail("empty frame");
    }
  }

  @Override
  public void onError(Throwable t) {
    closeQuietly();
    network.closed(this, Status.fromThrowable(t).getCode().toString());
  }

  @Override
  public void onCompleted() {
    synchronized (this) {
      if (!closed && out != null) {
        out.onCompleted();
      }
    }
    closeQuietly();
    network.closed(this, "completed");
  }

  /** Closes the stream with a reason the peer sees. */
  void fail(String reason) {
    network.handshakeFailedOrInvalid(this, reason);
    synchronized (this) {
      if (!closed && out != null) {
        out.onError(Status.PERMISSION_DENIED.withDescription(reason).asRuntimeException());
      }
    }
    closeQuietly();
    network.closed(this, reason);
  }

  /** Completes the stream (shutdown). */
  synchronized void close() {
    if (!closed && out != null) {
      try {
        out.onCompleted();
      } catch (RuntimeException ignored) {
        // The stream may already be cancelled by the transport; nothing is left to close.
      }
    }
    closed = true;
    queue.clear();
    bulk.clear();
  }

  private synchronized void closeQuietly() {
    closed = true;
    queue.clear();
    bulk.clear();
  }

  private synchronized boolean enqueue(PeerEnvelope frame) {
    if (closed) {
      return false;
    }
    if (coalesce(frame)) {
      drain();
      return true;
    }
    if (queue.size() + bulk.size() >= queueLimit) {
      network.dropped(this, frame);
      return false;
    }
    (isBulk(frame) ? bulk : queue).add(frame);
    drain();
    return true;
  }

  /**
   * Merges a transaction batch into a batch still waiting at the tail of the queue: under load a
   * node forwards transactions one by one, and one frame per transaction would multiply the
   * per-frame costs on both sides.
   */
  private boolean coalesce(PeerEnvelope frame) {
    PeerEnvelope last = bulk.peekLast();
    if (last == null || !isBulk(frame)
        || last.getMessage().getTransactions().getTransactionsCount() >= MAX_BATCH) {
      return false;
    }
    bulk.pollLast();
    PeerMessage merged = last.getMessage().toBuilder()
        .setTransactions(last.getMessage().getTransactions().toBuilder()
            .addAllTransactions(frame.getMessage().getTransactions().getTransactionsList()))
        .build();
    bulk.add(PeerEnvelope.newBuilder().setMessage(merged).build());
    return true;
  }

  private static boolean isBulk(PeerEnvelope frame) {
    return frame.hasMessage() && frame.getMessage().hasTransactions();
  }

  private synchronized void drain() {
    if (out == null || closed || !started) {
      return;
    }
    try {
      while ((!queue.isEmpty() || !bulk.isEmpty()) && out.isReady()) {
        PeerEnvelope frame = queue.isEmpty() ? bulk.poll() : queue.poll();
        out.onNext(frame);
        network.sent(this, frame);
      }
    } catch (RuntimeException e) {
      closeQuietly();
      network.closed(this, "send failed: " + e.getMessage());
    }
  }
}
