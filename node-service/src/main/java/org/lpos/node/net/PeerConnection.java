package org.lpos.node.net;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.CallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerMessage;

/**
 * One side of a peer stream, inbound or outbound: runs the handshake, then passes messages to
 * the {@link PeerNetwork}. Outgoing frames wait in a queue bounded in frames and in bytes,
 * drained only while the transport is ready (gRPC flow control), so a slow peer costs a bounded
 * amount of memory: beyond the bound, frames to it are dropped and counted, which consensus
 * tolerates (votes and blocks are re-obtained through rounds and catch-up). Incoming frames are
 * asked for one at a time through the stream's {@link InboundBytes.Window}, so a peer that sends
 * faster than the node works waits instead of filling the heap.
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
  private final String remoteHost;
  private static final int MAX_BATCH = 1_000;

  private final int queueLimit;
  private final PeerLimits limits;
  private final InboundBytes.Window inbound;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final ArrayDeque<PeerEnvelope> queue = new ArrayDeque<>();
  private final ArrayDeque<PeerEnvelope> bulk = new ArrayDeque<>();
  private long queuedBytes;
  /** Bytes this peer may have queued: a follower's until the handshake shows a stakeholder. */
  private long outboundLimit = PeerLimits.FOLLOWER_STREAM_OUTBOUND_BYTES;
  private boolean stakeholder;
  private volatile CallStreamObserver<PeerEnvelope> out;
  private volatile ByteString peerKey;
  private volatile boolean closed;
  private boolean started;

  PeerConnection(PeerNetwork network, Handshake handshake, Direction direction, String dialedAddress, int queueLimit,
      PeerLimits limits, InboundBytes inboundBytes, String remoteHost) {
    this.remoteHost = remoteHost;
    this.network = network;
    this.handshake = handshake;
    this.direction = direction;
    this.dialedAddress = dialedAddress;
    this.queueLimit = queueLimit;
    this.limits = limits;
    // Until the handshake says who the peer is, it gets a follower's budget.
    this.inbound = inboundBytes.open(limits.followerStreamInboundBytes(), this::requestFrames,
        direction == Direction.OUTBOUND);
  }

  private void requestFrames(int count) {
    CallStreamObserver<PeerEnvelope> stream = out;
    if (stream != null) {
      stream.request(count);
    }
  }

  /** The remote IP address of an inbound stream (the dialled address of an outbound one). */
  String remoteHost() {
    return remoteHost;
  }

  /** This stream's inbound byte budget. */
  InboundBytes.Window inbound() {
    return inbound;
  }

  /** True the first time the stream is reported ended: its slot and budget are freed once. */
  boolean markEnded() {
    return ended.compareAndSet(false, true);
  }

  /** Whether the stream is still open. */
  boolean isOpen() {
    return !closed;
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
    // A server stream asks for its first frame here; a client stream asked for it at its start.
    inbound.tryRequest();
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
    Runnable taken = inbound.accept(frame.getSerializedSize());
    if (closed) {
      taken.run();
      return;
    }
    if (frame.getKindCase() == PeerEnvelope.KindCase.MESSAGE && peerKey != null) {
      // The network releases the bytes when the driver takes the message, or when it drops it.
      network.received(this, frame.getMessage(), taken);
    } else {
      taken.run();
      onHandshakeFrame(frame);
    }
    inbound.tryRequest();
  }

  private void onHandshakeFrame(PeerEnvelope frame) {
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
        Optional<String> refused = network.authenticated(this);
        if (refused.isPresent()) {
          fail(refused.get());
        }
      }
      case MESSAGE -> fail("message before the handshake completed");
      default -> fail("empty frame");
    }
  }

  @Override
  public void onError(Throwable t) {
    Status status = Status.fromThrowable(t);
    if (peerKey == null && status.getCode() == Status.Code.PERMISSION_DENIED) {
      // The peer refused our Hello; its reason (another chain, another N) is worth the log.
      network.refusedByPeer(this, status.getDescription());
    }
    closeQuietly();
    network.closed(this, status.getCode().toString());
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
    closeQuietly();
  }

  /**
   * Sets how many bytes this peer may have queued and unread, and which of the node's pools they
   * come from: a stakeholder's, or a follower's (every stream is a follower until its handshake).
   */
  synchronized void limitOutbound(long bytes, boolean stakeholder) {
    if (stakeholder != this.stakeholder) {
      network.moveOutbound(queuedBytes, stakeholder);
      this.stakeholder = stakeholder;
    }
    outboundLimit = bytes;
  }

  private synchronized void closeQuietly() {
    closed = true;
    inbound.close();
    queue.clear();
    bulk.clear();
    network.releaseOutbound(queuedBytes, stakeholder);
    queuedBytes = 0;
  }

  private synchronized boolean enqueue(PeerEnvelope frame) {
    if (closed) {
      return false;
    }
    PeerEnvelope last = bulk.peekLast();
    if (last != null && canMerge(last, frame)) {
      PeerEnvelope merged = merge(last, frame);
      if (!reserve(merged.getSerializedSize() - (long) last.getSerializedSize())) {
        network.dropped(this, frame);
        return false;
      }
      bulk.pollLast();
      bulk.add(merged);
      drain();
      return true;
    }
    if (queue.size() + bulk.size() >= queueLimit || !reserve(frame.getSerializedSize())) {
      network.dropped(this, frame);
      return false;
    }
    (isBulk(frame) ? bulk : queue).add(frame);
    drain();
    return true;
  }

  /** Takes room for {@code bytes} more in this peer's queue and in the node's; false if either is full. */
  private boolean reserve(long bytes) {
    if (queuedBytes + bytes > outboundLimit || !network.reserveOutbound(bytes, stakeholder)) {
      return false;
    }
    queuedBytes += bytes;
    return true;
  }

  /**
   * Whether a transaction batch may be merged into the batch still waiting at the tail of the
   * queue: under load a node forwards transactions one by one, and one frame per transaction would
   * multiply the per-frame costs on both sides; but a merged frame stays under
   * {@link PeerLimits#batchMaxBytes}, far below any receiver's frame limit.
   */
  private boolean canMerge(PeerEnvelope last, PeerEnvelope frame) {
    return isBulk(frame)
        && last.getMessage().getTransactions().getTransactionsCount() < MAX_BATCH
        && (long) last.getSerializedSize() + frame.getSerializedSize() <= limits.batchMaxBytes();
  }

  private static PeerEnvelope merge(PeerEnvelope last, PeerEnvelope frame) {
    PeerMessage merged = last.getMessage().toBuilder()
        .setTransactions(last.getMessage().getTransactions().toBuilder()
            .addAllTransactions(frame.getMessage().getTransactions().getTransactionsList()))
        .build();
    return PeerEnvelope.newBuilder().setMessage(merged).build();
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
        int bytes = frame.getSerializedSize();
        queuedBytes -= bytes;
        network.releaseOutbound(bytes, stakeholder);
        out.onNext(frame);
        network.sent(this, frame);
      }
    } catch (RuntimeException e) {
      closeQuietly();
      network.closed(this, "send failed: " + e.getMessage());
    }
  }
}
