package org.lpos.node.server;

import io.grpc.ServerServiceDefinition;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptor;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lpos.proto.v1.NodeGrpc;
import org.lpos.proto.v1.PeerGrpc;
import org.lpos.service.ServiceHealth;

/**
 * A node's gRPC servers: the main one, built on its {@link NodeTransport}, serving the node's
 * services with gRPC health and server reflection (so {@code grpcurl} works with no proto files),
 * and an optional plaintext health-only port over TCP for probes that cannot speak TLS.
 */
final class NodeServer {

  private final NodeConfig config;
  private final NodeTransport transport;
  private final ServiceHealth health = new ServiceHealth(NodeGrpc.SERVICE_NAME, PeerGrpc.SERVICE_NAME);
  private final Server server;
  /** Plaintext, health only: Kubernetes' gRPC probes cannot speak TLS. */
  private final Server healthServer;

  /**
   * Servers for {@code services} on {@code transport}, running calls on {@code threads};
   * {@code metrics} sees every call that passed the TLS session check.
   */
  NodeServer(NodeConfig config, NodeTransport transport, GrpcThreads threads, ServerInterceptor metrics,
      List<ServerServiceDefinition> services) {
    this.config = config;
    this.transport = transport;
    ServerBuilder<?> builder = transport.serverBuilder(config).executor(threads.api())
        .callExecutor(threads.byService());
    // Interceptors run last-added first: the session check runs before the metrics see the call.
    builder.intercept(metrics);
    config.tls().interceptors().forEach(builder::intercept);
    services.forEach(builder::addService);
    health.addTo(builder);
    this.server = builder.build();
    this.healthServer = config.healthPort().isEmpty() ? null
        : health.probeServer(NettyServerBuilder.forAddress(
            new InetSocketAddress(config.host(), config.healthPort().getAsInt()), InsecureServerCredentials.create()));
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

  /** Reports the server and each of its services as SERVING. */
  void reportServing() {
    health.setServing();
  }

  /** Reports the server and each of its services as NOT_SERVING. */
  void reportNotServing() {
    health.setNotServing();
  }

  /** The names health reports on: the server as a whole, Node and Peer. */
  List<String> healthServices() {
    return health.services();
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
