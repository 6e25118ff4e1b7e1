package org.lpos.lab.cli;

import org.lpos.node.cli.Durations;
import org.lpos.node.cli.UserInputException;
import org.lpos.proto.v1.Lottery;
import picocli.CommandLine.Option;

/**
 * The options {@code lpos demo} and {@code lpos experiment} share: the workload the discovery
 * service announces, how long a cluster runs and the lottery of the chain it writes.
 */
final class WorkloadOptions {
  @Option(names = "--experiment", paramLabel = "NAME",
      description = "load-closed [W] | load-rate R (benchmarks: every node sends) | bootstrap-only | tx-rate R |"
          + " tx-rate-random R | tx-n-outputs K (the original's: senators send).")
  String experiment;

  @Option(names = "--lottery", defaultValue = "director", paramLabel = "director|vrf",
      description = "What seeds each height's draw in the chain the cluster writes: director (the original's "
          + "director competition, the default) or vrf (the proposer's RFC 9381 VRF output, PROTOCOL §6a).")
  String lottery;

  @Option(names = "--duration", defaultValue = "60s",
      description = "How long a cluster runs, e.g. 60s or 2m (default ${DEFAULT-VALUE}).")
  String duration;

  /** {@code --lottery} as the genesis parameter. */
  Lottery lottery() {
    return parseLottery("--lottery", lottery);
  }

  /** {@code value} of option {@code option} (director or vrf) as the genesis parameter. */
  static Lottery parseLottery(String option, String value) {
    return switch (value) {
      case "director" -> Lottery.LOTTERY_DIRECTOR;
      case "vrf" -> Lottery.LOTTERY_VRF;
      default -> throw new UserInputException(option + " is director or vrf, not " + value);
    };
  }

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
