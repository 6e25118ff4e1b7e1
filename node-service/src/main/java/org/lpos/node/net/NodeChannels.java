package org.lpos.node.net;

import io.grpc.Attributes;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one way LPOS dials a node or a discovery service (peer links, the CLI, the lab, tests), so
 * every channel gets the same transport security: see {@link ClientTls}.
 */
public final class NodeChannels {
  /**
   * Seconds between keepalive pings on a quiet peer link: at least the server's permitted interval
   * ({@code ServerLimits}' permitKeepAliveTime, 20 s), so no node answers our pings with GOAWAY.
   */
  static final long PEER_KEEPALIVE_TIME_S = 30;
  /** Seconds a keepalive ping may go unanswered before the link is closed. */
  static final long PEER_KEEPALIVE_TIMEOUT_S = 10;

  private NodeChannels() {}

  /** A channel to {@code target} (host:port). */
  public static ManagedChannel open(String target, ClientTls tls) {
    return Grpc.newChannelBuilder(target, tls.credentials()).build();
  }

  /**
   * A peer link to {@code target}: frames over {@code maxInboundBytes} are refused before they are
   * buffered whole, and keepalive pings find a dead link in well under a minute.
   */
  public static ManagedChannel openPeerLink(String target, ClientTls tls, int maxInboundBytes) {
    return openPeerLink(target, tls, maxInboundBytes, Optional.empty());
  }

  /**
   * As {@link #openPeerLink(String, ClientTls, int)}, the connection bound to {@code source} when
   * given ({@code --source-address}), so that whatever receives it can tell this node's links from
   * others' by their source address (the lab's relays cut a partition's links that way).
   */
  public static ManagedChannel openPeerLink(String target, ClientTls tls, int maxInboundBytes,
      Optional<InetAddress> source) {
    ManagedChannelBuilder<?> builder;
    if (source.isPresent()) {
      InetSocketAddress local = new InetSocketAddress(source.get(), 0);
      builder = NettyChannelBuilder.forTarget(target, tls.credentials())
          .localSocketPicker(new NettyChannelBuilder.LocalSocketPicker() {
            @Override
            public SocketAddress createSocketAddress(SocketAddress remote, Attributes attrs) {
              return local;
            }
          });
    } else {
      builder = Grpc.newChannelBuilder(target, tls.credentials());
    }
    return builder
        .maxInboundMessageSize(maxInboundBytes)
        .keepAliveTime(PEER_KEEPALIVE_TIME_S, TimeUnit.SECONDS)
        .keepAliveTimeout(PEER_KEEPALIVE_TIMEOUT_S, TimeUnit.SECONDS)
        .build();
  }

  /** A channel to {@code host:port}. */
  public static ManagedChannel open(String host, int port, ClientTls tls) {
    return Grpc.newChannelBuilderForAddress(host, port, tls.credentials()).build();
  }
}
