package org.lpos.node.cli;

import picocli.CommandLine.Option;

/**
 * The options {@code lpos demo} and {@code lpos experiment} share: the workload the discovery
 * service announces and how long a cluster runs.
 */
final class WorkloadOptions {
  @Option(names = "--experiment", defaultValue = "tx-rate",
      description = "bootstrap-only | tx-rate | tx-rate-random | tx-n-outputs (default ${DEFAULT-VALUE}).")
  String experiment;

  @Option(names = "--duration", defaultValue = "60s",
      description = "How long a cluster runs, e.g. 60s or 2m (default ${DEFAULT-VALUE}).")
  String duration;

  /** {@code --duration} in milliseconds; at least one second. */
  long durationMs() {
    long ms = Durations.parse("--duration", duration);
    if (ms < 1_000) {
      throw new UserInputException("--duration must be at least 1s");
    }
    return ms;
  }
}
