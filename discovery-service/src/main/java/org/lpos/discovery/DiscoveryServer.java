package org.lpos.discovery;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerInterceptors;
import io.grpc.ServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.lpos.proto.v1.DiscoveryGrpc;
import org.lpos.service.ServiceHealth;

/**
 * A running discovery server: the Discovery service, gRPC health (SERVING for the server and for
 * {@code lpos.v1.Discovery}) and server reflection, so standard tools such as grpcurl and
 * Kubernetes' gRPC probes work without LPOS-specific clients.
 */
public final class DiscoveryServer {
  /** How long {@link #stop} lets calls in flight finish before cancelling them. */
  private static final long GRACE_SECONDS = 5;

  private final Server server;
  private final DiscoveryService service;
  private final ServiceHealth health;
  private final DiscoveryJournal journal;
  private boolean stopped;
  private Server healthOnly;

  private DiscoveryServer(
      Server server, DiscoveryService service, ServiceHealth health,
      DiscoveryJournal journal) {
    this.server = server;
    this.service = service;
    this.health = health;
    this.journal = journal;
  }

  /** A plaintext Netty server builder bound to {@code host:port} (port 0 picks a free port). */
  public static ServerBuilder<?> nettyBuilder(String host, int port) {
    return nettyBuilder(host, port, InsecureServerCredentials.create());
  }

  /** A Netty server builder bound to {@code host:port} with {@code credentials} (TLS or not). */
  public static ServerBuilder<?> nettyBuilder(String host, int port, ServerCredentials credentials) {
    return NettyServerBuilder.forAddress(new InetSocketAddress(host, port), credentials);
  }

  /**
   * Also serves gRPC health alone, in plaintext, on {@code host:port}: Kubernetes' gRPC probes
   * cannot speak TLS. Stopped with the server.
   *
   * @return the bound port
   */
  public synchronized int serveHealth(String host, int port) throws IOException {
    healthOnly = health.probeServer(
        NettyServerBuilder.forAddress(new InetSocketAddress(host, port), InsecureServerCredentials.create())).start();
    return healthOnly.getPort();
  }

  /**
   * Adds the services to {@code builder} and starts it.
   *
   * @param journal closed when the server stops, after the last call has finished
   * @throws IOException when the server cannot bind
   */
  public static DiscoveryServer start(
      ServerBuilder<?> builder, DiscoveryService service, DiscoveryJournal journal)
      throws IOException {
    ServiceHealth health = new ServiceHealth(DiscoveryGrpc.SERVICE_NAME);
    health.addTo(builder);
    Server server = builder
        .maxInboundMessageSize(DiscoveryLimits.MAX_REQUEST_BYTES)
        .addService(ServerInterceptors.intercept(service, new SourceAddress()))
        .build()
        .start();
    health.setServing();
    return new DiscoveryServer(server, service, health, journal);
  }

  /** The bound port (the chosen one when started with port 0; -1 for in-process servers). */
  public int port() {
    return server.getPort();
  }

  /**
   * Stops accepting calls, completes the open instruction streams, waits for calls in flight
   * (cancelling them after a grace period) and closes the journal. Idempotent; safe from a
   * shutdown hook.
   */
  public synchronized void stop() {
    if (stopped) {
      return;
    }
    stopped = true;
    health.terminate();
    if (healthOnly != null) {
      healthOnly.shutdownNow();
    }
    server.shutdown();
    // shutdown() waits for open calls; instruction streams would otherwise hold it forever.
    service.close();
    try {
      if (!server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
        server.shutdownNow();
        server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    } finally {
      journal.close();
    }
  }

  /**
   * Waits until the server has terminated or {@code millis} have passed.
   *
   * @return whether the server terminated
   */
  public boolean awaitTermination(long millis) throws InterruptedException {
    return server.awaitTermination(millis, TimeUnit.MILLISECONDS);
  }

  /** Waits until the server has terminated. */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }
}
