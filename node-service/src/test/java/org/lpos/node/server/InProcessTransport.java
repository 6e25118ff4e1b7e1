package org.lpos.node.server;

import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import org.lpos.node.net.PeerLinks;

/**
 * grpc-java's in-process transport for real nodes in one JVM: a node's server is registered under
 * {@code prefix + nodeName}, that name is the address it advertises and peers dial, and no socket
 * is opened. The links are plaintext, as with {@code --tls=off}: the server installs no TLS
 * session check, so a Peer stream carries no channel binding and both ends bind the handshake
 * to {@link org.lpos.node.net.ChannelBinding#PLAINTEXT}, the keys, roles and challenges. The
 * TCP-only server limits (keepalive, connection age) do not apply; the frame limit does.
 */
final class InProcessTransport implements NodeTransport {
  private final String prefix;

  /** Servers named {@code prefix + nodeName}: a prefix per cluster keeps test clusters apart. */
  InProcessTransport(String prefix) {
    this.prefix = prefix;
  }

  /** The in-process name of the node called {@code nodeName}. */
  String address(String nodeName) {
    return prefix + nodeName;
  }

  /** A client channel to the node called {@code nodeName}. */
  ManagedChannel channel(String nodeName) {
    return InProcessChannelBuilder.forName(address(nodeName)).build();
  }

  @Override
  public ServerBuilder<?> serverBuilder(NodeConfig config) {
    if (config.tls().enabled()) {
      throw new IllegalArgumentException("the in-process transport carries no TLS session: use ServerTls.off()");
    }
    return InProcessServerBuilder.forName(address(config.nodeName()))
        .maxInboundMessageSize(config.peerLimits().maxFrameBytes());
  }

  @Override
  public String advertisedAddress(NodeConfig config, Server started) {
    return address(config.nodeName());
  }

  @Override
  public PeerLinks peerLinks(NodeConfig config) {
    return new PeerLinks() {
      @Override
      public ManagedChannel open(String address, int maxInboundBytes) {
        return InProcessChannelBuilder.forName(address).maxInboundMessageSize(maxInboundBytes).build();
      }

      @Override
      public boolean tls() {
        return false;
      }
    };
  }
}
