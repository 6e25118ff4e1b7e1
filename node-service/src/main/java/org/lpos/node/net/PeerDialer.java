package org.lpos.node.net;

import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerGrpc;

/**
 * Keeps one outbound stream to an address alive: dials, and after the stream ends dials again
 * with exponential backoff (reset once the peer proves its key). The only place the mesh opens a
 * channel, through its {@link PeerLinks} (TCP in a node, in-process gRPC in tests).
 */
final class PeerDialer {
  private static final long BACKOFF_MIN_MS = 250;
  /**
   * The longest wait between dials. A senate cut off by a partition commits again only once its
   * links are back, so after a heal a height waits for the next dial: with 10 s here a 10 s
   * partition took about 7 s to recover (docs/benchmarks.md). A refused dial costs a TCP connect.
   */
  static final long BACKOFF_MAX_MS = 2_000;

  private final PeerNetwork network;
  private final String address;
  private final PeerLinks links;
  private final ScheduledExecutorService scheduler;
  private final ManagedChannel channel;
  private int failures;

  PeerDialer(PeerNetwork network, String address, PeerLinks links, int maxFrameBytes,
      ScheduledExecutorService scheduler) {
    this.network = network;
    this.address = address;
    this.links = links;
    this.scheduler = scheduler;
    this.channel = links.open(address, maxFrameBytes);
  }

  /** Opens a stream to the address, unless the mesh is closing. */
  void dial() {
    if (!network.isOpen()) {
      return;
    }
    // This class paces the dials; the channel's own backoff (up to two minutes) must not hold one back.
    channel.resetConnectBackoff();
    PeerConnection c = network.newConnection(PeerConnection.Direction.OUTBOUND, address, address);
    PeerGrpc.PeerStub stub = PeerGrpc.newStub(channel);
    if (links.tls()) {
      stub = stub.withInterceptors(new ChannelBindingCapture(c::bind));
    } else {
      c.bind(Optional.of(ChannelBinding.PLAINTEXT));
    }
    stub.connect(new ClientResponseObserver<PeerEnvelope, PeerEnvelope>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<PeerEnvelope> requestStream) {
        requestStream.disableAutoRequestWithInitial(1);
        c.attach(requestStream, false);
      }

      @Override
      public void onNext(PeerEnvelope frame) {
        if (c.peerKey() == null && frame.hasProof()) {
          failures = 0;
        }
        c.onNext(frame);
      }

      @Override
      public void onError(Throwable t) {
        c.onError(t);
        redial();
      }

      @Override
      public void onCompleted() {
        c.onCompleted();
        redial();
      }
    });
  }

  /** Closes the channel and every stream on it. */
  void shutdown() {
    channel.shutdownNow();
  }

  private void redial() {
    if (!network.isOpen()) {
      return;
    }
    long delay = redialDelayMs(failures);
    failures++;
    scheduler.schedule(this::dial, delay, TimeUnit.MILLISECONDS);
  }

  /** The wait before the next dial after {@code failures} failed dials in a row. */
  static long redialDelayMs(int failures) {
    return Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS << Math.min(failures, 10));
  }
}
