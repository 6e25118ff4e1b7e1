package org.lpos.node.server;

import io.grpc.ServerServiceDefinition;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.PeerGrpc;

/**
 * A node's gRPC servers: the main one, built on its {@link NodeTransport}, serving the node's
 * services with gRPC health and server reflection (so {@code grpcurl} works with no proto files),
 * and an optional plaintext health-only port over TCP for probes that cannot speak TLS.
 */
final class NodeServer {
  /** Health status names the node reports as SERVING. */
  static final List<String> HEALTH_SERVICES = List.of("", NodeGrpc.SERVICE_NAME, PeerGrpc.SERVICE_NAME);
  /** Health requests carry a service name: anything larger on the plaintext probe port is refused. */
  private static final int HEALTH_MAX_REQUEST_BYTES = 1 << 10;

  private final NodeConfig config;
  private final NodeTransport transport;
  private final HealthStatusManager health = new HealthStatusManager();
  private final Server server;
  /** Plaintext, health only: Kubernetes' gRPC probes cannot speak TLS. */
  private final Server healthServer;

  /**
   * Servers for {@code services} on {@code transport}, running calls on {@code executor};
   * {@code metrics} sees every call that passed the TLS session check.
   */
  NodeServer(NodeConfig config, NodeTransport transport, Executor executor, ServerInterceptor metrics,
      List<ServerServiceDefinition> services) {
    this.config = config;
    this.transport = transport;
    ServerBuilder<?> builder = transport.serverBuilder(config).executor(executor);
    // Interceptors run last-added first: the session check runs before the metrics see the call.
    builder.intercept(metrics);
    config.tls().interceptors().forEach(builder::intercept);
    services.forEach(builder::addService);
    this.server = builder
        .addService(health.getHealthService())
        .addService(ProtoReflectionServiceV1.newInstance())
        .build();
    this.healthServer = config.healthPort().isEmpty() ? null
        : NettyServerBuilder.forAddress(new InetSocketAddress(config.host(), config.healthPort().getAsInt()),
            InsecureServerCredentials.create()).maxInboundMessageSize(HEALTH_MAX_REQUEST_BYTES)
            .addService(health.getHealthService()).build();
  }

  /** Binds both servers; if the health port cannot be bound, the main server is stopped again. */
  void start() throws IOException {
    server.start();
    if (healthServer != null) {
      try {
        healthServer.start();
      } catch (IOException e) {
        server.shutdownNow();
        throw e;
      }
    }
  }

  /** Reports every {@link #HEALTH_SERVICES} name as {@code status}. */
  void report(ServingStatus status) {
    for (String s : HEALTH_SERVICES) {
      health.setStatus(s, status);
    }
  }

  /** The address peers dial to reach the started server. */
  String advertisedAddress() {
    return transport.advertisedAddress(config, server);
  }

  /** The port the main server listens on (-1 for a transport without ports). */
  int port() {
    return server.getPort();
  }

  /** The plaintext health-only port, or -1 when there is none. */
  int healthPort() {
    return healthServer == null ? -1 : healthServer.getPort();
  }

  /** Lets calls under way finish for up to a second, then cancels the rest. */
  void stop() {
    server.shutdown();
    try {
      server.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.shutdownNow();
  }

  /** Stops the health-only port. */
  void stopHealth() {
    if (healthServer != null) {
      healthServer.shutdownNow();
    }
  }
}
