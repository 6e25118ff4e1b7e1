package org.lpos.discovery;

import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import org.lpos.service.JvmAndProcessMetrics;
import org.lpos.service.MetricsEndpoint;

/**
 * The discovery service's metrics, read from the service when Prometheus scrapes:
 * {@code lpos_discovery_registered_nodes}, {@code lpos_discovery_live_nodes},
 * {@code lpos_discovery_instructions_sent_total}, {@code lpos_discovery_rejections_total{kind}}, the gRPC server's calls ({@code grpc_server_*})
 * and Micrometer's JVM and process metrics. {@link #serve} exposes them on {@code /metrics}.
 */
public final class DiscoveryMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmAndProcessMetrics jvm = new JvmAndProcessMetrics(registry);
  private MetricsEndpoint endpoint;

  /** Metrics of {@code service}. */
  public DiscoveryMetrics(DiscoveryService service) {
    Gauge.builder("lpos.discovery.registered.nodes", service, DiscoveryService::registeredNodes)
        .description("Node names counting towards M (with -l: bound to members; else live)").register(registry);
    Gauge.builder("lpos.discovery.live.nodes", service, DiscoveryService::liveNodes)
        .description("Node names whose lease is live").register(registry);
    FunctionCounter.builder("lpos.discovery.instructions.sent", service, DiscoveryService::instructionsSent)
        .description("Instruction deliveries to nodes' WatchInstructions streams").register(registry);
    for (Rejection.Kind kind : Rejection.Kind.values()) {
      FunctionCounter.builder("lpos.discovery.rejections", service, s -> s.rejected(kind))
          .tag("kind", kind.name())
          .description("Requests refused, by kind (gRPC status)").register(registry);
    }
  }

  /** Counts and times every call the server handles. */
  public ServerInterceptor grpcServerInterceptor() {
    return new MetricCollectingServerInterceptor(registry);
  }

  /** The metrics in the Prometheus text format, as {@code /metrics} serves them. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * Serves the metrics on {@code http://host:port/metrics} until {@link #close}.
   *
   * @return the bound port
   */
  public synchronized int serve(String host, int port) throws IOException {
    endpoint = MetricsEndpoint.start(host, port, registry);
    return endpoint.port();
  }

  /** Stops serving and unhooks the binders; later calls do nothing. */
  @Override
  public synchronized void close() {
    if (endpoint != null) {
      endpoint.close();
      endpoint = null;
    }
    jvm.close();
    registry.close();
  }
}
