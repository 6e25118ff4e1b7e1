package org.lpos.node.net;

import io.grpc.ManagedChannel;
import java.net.InetAddress;
import java.util.Optional;

/**
 * How the peer mesh opens a channel to a peer's address: over TCP (Netty) with the node's
 * {@link ClientTls} in production, or another gRPC transport (in-process, in tests) that carries
 * the same Peer streams. Whether the links carry TLS decides what the handshake signs: the TLS
 * session's certificates ({@link ChannelBindingCapture}) or, without TLS, {@link ChannelBinding#PLAINTEXT}.
 */
public interface PeerLinks {
  /** A channel to {@code address} whose inbound frames are at most {@code maxInboundBytes}. */
  ManagedChannel open(String address, int maxInboundBytes);

  /** Whether these links are TLS sessions the handshake binds to. */
  boolean tls();

  /** Links over TCP secured (or not) by {@code tls}: what a node dials its peers with. */
  static PeerLinks over(ClientTls tls) {
    return over(tls, Optional.empty());
  }

  /** As {@link #over(ClientTls)}, every connection bound to the local address {@code source} when given. */
  static PeerLinks over(ClientTls tls, Optional<InetAddress> source) {
    return new PeerLinks() {
      @Override
      public ManagedChannel open(String address, int maxInboundBytes) {
        return NodeChannels.openPeerLink(address, tls, maxInboundBytes, source);
      }

      @Override
      public boolean tls() {
        return tls.enabled();
      }
    };
  }
}
