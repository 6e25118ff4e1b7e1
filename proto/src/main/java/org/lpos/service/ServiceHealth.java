package org.lpos.service;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.util.ArrayList;
import java.util.List;

/**
 * A service's gRPC health (the server as a whole, {@code ""}, and each named service) and server
 * reflection, so standard tools such as grpcurl and Kubernetes' gRPC probes work without LPOS
 * clients. Kubernetes' probes cannot speak TLS, so {@link #probeServer} serves health alone in
 * plaintext on a port of its own.
 */
public final class ServiceHealth {
  /** Health requests carry a service name: anything larger on the plaintext probe port is refused. */
  public static final int PROBE_MAX_REQUEST_BYTES = 1 << 10;

  private final HealthStatusManager manager = new HealthStatusManager();
  private final List<String> services;

  /**
   * Health for the server as a whole and for each of {@code serviceNames}; until {@link
   * #setServing}, only the server as a whole is known (gRPC's default).
   */
  public ServiceHealth(String... serviceNames) {
    List<String> names = new ArrayList<>();
    names.add(HealthStatusManager.SERVICE_NAME_ALL_SERVICES);
    names.addAll(List.of(serviceNames));
    this.services = List.copyOf(names);
  }

  /** The names health reports on: {@code ""} and the named services. */
  public List<String> services() {
    return services;
  }

  /** Adds the health and reflection services to {@code builder}. */
  public void addTo(ServerBuilder<?> builder) {
    builder.addService(manager.getHealthService()).addService(ProtoReflectionServiceV1.newInstance());
  }

  /** Reports every name as SERVING. */
  public void setServing() {
    services.forEach(s -> manager.setStatus(s, ServingStatus.SERVING));
  }

  /** Reports every name as NOT_SERVING. */
  public void setNotServing() {
    services.forEach(s -> manager.setStatus(s, ServingStatus.NOT_SERVING));
  }

  /** Reports NOT_SERVING for good: later status changes are ignored (the service is stopping). */
  public void terminate() {
    manager.enterTerminalState();
  }

  /**
   * A server, not yet started, that serves health alone from {@code plaintext} (a builder bound to
   * the probe port with insecure credentials; the transport is the caller's).
   */
  public Server probeServer(ServerBuilder<?> plaintext) {
    return plaintext
        .maxInboundMessageSize(PROBE_MAX_REQUEST_BYTES)
        .addService(manager.getHealthService())
        .build();
  }
}
