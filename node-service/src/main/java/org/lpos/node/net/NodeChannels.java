package org.lpos.node.net;

import io.grpc.Grpc;
import io.grpc.ManagedChannel;

/**
 * The one way LPOS dials a node or a discovery service (peer links, the CLI, the lab, tests), so
 * every channel gets the same transport security: see {@link ClientTls}.
 */
public final class NodeChannels {
  private NodeChannels() {}

  /** A channel to {@code target} (host:port). */
  public static ManagedChannel open(String target, ClientTls tls) {
    return Grpc.newChannelBuilder(target, tls.credentials()).build();
  }

  /** A channel to {@code host:port}. */
  public static ManagedChannel open(String host, int port, ClientTls tls) {
    return Grpc.newChannelBuilderForAddress(host, port, tls.credentials()).build();
  }
}
