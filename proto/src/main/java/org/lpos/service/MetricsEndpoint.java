package org.lpos.service;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP endpoint Prometheus scrapes: {@code http://HOST:PORT/metrics} in the Prometheus text
 * format (or OpenMetrics when asked), served by the Prometheus client's own small HTTP server
 * from a Micrometer registry.
 */
public final class MetricsEndpoint implements AutoCloseable {
  private final HTTPServer server;
  private final AtomicBoolean closed = new AtomicBoolean();

  private MetricsEndpoint(HTTPServer server) {
    this.server = server;
  }

  /** Serves {@code registry} on {@code host:port} (port 0 picks a free port). */
  public static MetricsEndpoint start(String host, int port, PrometheusMeterRegistry registry) throws IOException {
    return new MetricsEndpoint(HTTPServer.builder()
        .hostname(host)
        .port(port)
        .registry(registry.getPrometheusRegistry())
        .buildAndStart());
  }

  /** The bound port. */
  public int port() {
    return server.getPort();
  }

  /** Stops serving; later calls do nothing (the shutdown hook and the main thread both close). */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      server.close();
    }
  }
}
