package org.lpos.node.server;

import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.util.concurrent.TimeUnit;

/**
 * The transport limits of the node's gRPC server (issue 14): frames no larger than the chain
 * needs, a bounded number of calls per connection, dead connections found by keepalive, idle
 * ones closed and every connection recycled after an age, so no client holds one forever.
 */
final class ServerLimits {
  /** HTTP/2 streams one connection may have open: peers use one, API clients a few. */
  static final int MAX_CALLS_PER_CONNECTION = 100;
  /** The server pings a connection silent for this long... */
  static final long KEEPALIVE_TIME_S = 60;
  /** ...and closes it if the ping is not answered within this. */
  static final long KEEPALIVE_TIMEOUT_S = 20;
  /** Clients may ping this often (our dialled channels ping every 30 s); more often is a GOAWAY. */
  static final long PERMIT_KEEPALIVE_TIME_S = 20;
  /** A connection with no call for this long is closed (clients reconnect when they need to). */
  static final long MAX_CONNECTION_IDLE_S = 300;
  /** Every connection is asked to go after this long, so long-lived ones are rebalanced... */
  static final long MAX_CONNECTION_AGE_S = 3_600;
  /** ...and its calls are cancelled after this much longer (peer streams redial at once). */
  static final long MAX_CONNECTION_AGE_GRACE_S = 30;

  private ServerLimits() {}

  /** Applies the limits to {@code builder}, with frames of at most {@code maxFrameBytes}. */
  static NettyServerBuilder apply(NettyServerBuilder builder, int maxFrameBytes) {
    return builder
        .maxInboundMessageSize(maxFrameBytes)
        .maxConcurrentCallsPerConnection(MAX_CALLS_PER_CONNECTION)
        .keepAliveTime(KEEPALIVE_TIME_S, TimeUnit.SECONDS)
        .keepAliveTimeout(KEEPALIVE_TIMEOUT_S, TimeUnit.SECONDS)
        .permitKeepAliveTime(PERMIT_KEEPALIVE_TIME_S, TimeUnit.SECONDS)
        .maxConnectionIdle(MAX_CONNECTION_IDLE_S, TimeUnit.SECONDS)
        .maxConnectionAge(MAX_CONNECTION_AGE_S, TimeUnit.SECONDS)
        .maxConnectionAgeGrace(MAX_CONNECTION_AGE_GRACE_S, TimeUnit.SECONDS);
  }
}
