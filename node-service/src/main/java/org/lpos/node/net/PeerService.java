package org.lpos.node.net;

import io.grpc.BindableService;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Optional;
import org.lpos.proto.v1.PeerEnvelope;
import org.lpos.proto.v1.PeerGrpc;

/**
 * The gRPC Peer service, the accepting side of the mesh: an inbound stream within the caps on
 * streams (per address and in all) becomes a connection of the mesh; one over them is refused.
 */
final class PeerService extends PeerGrpc.PeerImplBase {
  private final PeerNetwork network;
  private final InboundStreams streams;

  private PeerService(PeerNetwork network, InboundStreams streams) {
    this.network = network;
    this.streams = streams;
  }

  /** The service for {@code network}, with the interceptor that tells it the caller's address. */
  static BindableService of(PeerNetwork network, InboundStreams streams) {
    ServerServiceDefinition intercepted =
        ServerInterceptors.intercept(new PeerService(network, streams), InboundStreams.callerAddressInterceptor());
    return () -> intercepted;
  }

  @Override
  public StreamObserver<PeerEnvelope> connect(StreamObserver<PeerEnvelope> responseObserver) {
    String from = InboundStreams.callerHost();
    if (!streams.admit(from)) {
      responseObserver.onError(Status.RESOURCE_EXHAUSTED
          .withDescription("too many peer streams (per address or in all)").asRuntimeException());
      return new DiscardingStream();
    }
    ServerCallStreamObserver<PeerEnvelope> stream = (ServerCallStreamObserver<PeerEnvelope>) responseObserver;
    stream.disableAutoRequest();
    PeerConnection c = network.newConnection(PeerConnection.Direction.INBOUND, null, from);
    // Over TLS the session check put the binding in the context (and refused streams without
    // one); with TLS off there is none and the proofs bind keys, roles and challenges only.
    ChannelBinding binding = ChannelBinding.CONTEXT_KEY.get();
    c.bind(Optional.of(binding == null ? ChannelBinding.PLAINTEXT : binding));
    c.attach(stream, true);
    return c;
  }
}
