package org.lpos.node.server;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import org.lpos.node.net.PeerLinks;

/**
 * The gRPC transport a node runs over: where its server listens and how its peer mesh dials.
 * A production node uses {@link #tcp()} (Netty on {@code host:port}, TLS as configured, the
 * server limits of {@link ServerLimits}); tests can run the same node, services, peer mesh and
 * handshake over another transport such as grpc-java's in-process one, as ratis runs one suite
 * over each of its RPC transports.
 */
public interface NodeTransport {
  /**
   * A builder for the node's server under {@code config}, with the transport's address,
   * credentials and limits set; the node adds its executor, interceptors and services.
   */
  ServerBuilder<?> serverBuilder(NodeConfig config);

  /** The address peers dial to reach {@code started}, announced in every Hello. */
  String advertisedAddress(NodeConfig config, Server started);

  /** How the node's peer mesh opens links to the addresses it dials. */
  PeerLinks peerLinks(NodeConfig config);

  /** Netty over TCP with the configured TLS: what {@code lpos node} runs. */
  static NodeTransport tcp() {
    return TcpTransport.INSTANCE;
  }
}
