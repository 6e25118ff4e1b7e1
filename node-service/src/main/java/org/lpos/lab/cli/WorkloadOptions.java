package org.lpos.lab.cli;

import org.lpos.node.cli.Durations;
import org.lpos.node.cli.UserInputException;
import picocli.CommandLine.Option;

/**
 * The options {@code lpos demo} and {@code lpos experiment} share: the workload the discovery
 * service announces and how long a cluster runs.
 */
final class WorkloadOptions {
  @Option(names = "--experiment", paramLabel = "NAME",
      description = "load-closed [W] | load-rate R (benchmarks: every node sends) | bootstrap-only | tx-rate R |"
          + " tx-rate-random R | tx-n-outputs K (the original's: senators send).")
  String experiment;

  @Option(names = "--duration", defaultValue = "60s",
      description = "How long a cluster runs, e.g. 60s or 2m (default ${DEFAULT-VALUE}).")
  String duration;

  /** {@code --experiment}, or {@code fallback} when not given. */
  String experiment(String fallback) {
    return experiment != null ? experiment : fallback;
  }

  /** {@code --duration} in milliseconds; at least one second. */
  long durationMs() {
    long ms = Durations.parse("--duration", duration);
    if (ms < 1_000) {
      throw new UserInputException("--duration must be at least 1s");
    }
    return ms;
  }
}
