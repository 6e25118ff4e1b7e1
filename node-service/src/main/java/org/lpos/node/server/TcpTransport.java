package org.lpos.node.server;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;
import org.lpos.node.net.PeerLinks;

/**
 * The production transport: the server binds {@code host:port} with the configured TLS
 * credentials and {@link ServerLimits}; peers are dialled over TCP with the client side of the
 * same TLS settings, from {@code --source-address} when given; the advertised address is the
 * configured host with the bound port, unless
 * {@code --advertise} names another port ({@link AdvertisedAddress}).
 */
final class TcpTransport implements NodeTransport {
  static final TcpTransport INSTANCE = new TcpTransport();

  private TcpTransport() {}

  @Override
  public ServerBuilder<?> serverBuilder(NodeConfig config) {
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.port()),
        config.tls().credentials());
    return ServerLimits.apply(builder, config.peerLimits().maxFrameBytes());
  }

  @Override
  public String advertisedAddress(NodeConfig config, Server started) {
    return AdvertisedAddress.parse(config.advertise()).address(started.getPort());
  }

  @Override
  public PeerLinks peerLinks(NodeConfig config) {
    return PeerLinks.over(config.tls().dialing(), config.sourceAddress());
  }
}
