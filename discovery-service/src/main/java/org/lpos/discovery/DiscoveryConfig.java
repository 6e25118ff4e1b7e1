package org.lpos.discovery;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Everything a discovery server is started with, checked on construction so that a bad command
 * line fails at once with a message naming the option, rather than when the first node arrives.
 *
 * @param host the address to bind
 * @param port the port to bind; 0 picks a free one
 * @param size N, T and M ({@code -n -t -m}), if given; without them the server only registers
 *     nodes and serves peer samples, as the original's discovery did
 * @param preload L, how many members of the members file are handed out; 0 to not preload
 * @param membersFile where the members are read from when {@code preload > 0}
 * @param fanOut peers per sample; 0 means all, up to {@link Registry#MAX_SAMPLE_PEERS}
 * @param leaseSeconds how long a registration or heartbeat keeps a node in samples
 * @param outputDir where the registration log is written, if anywhere
 * @param instruction the instruction to broadcast, if any
 * @param timeoutSeconds stop after this long, if given
 * @param startDeadlineSeconds with an instruction: give up (exit status 1) when M names have not
 *     registered this long after the first one; 0 waits forever
 * @param verbosity what is reported on stderr
 * @param limits the bounds on names, sources and clock skew
 */
public record DiscoveryConfig(
    String host,
    int port,
    Optional<ExperimentSize> size,
    int preload,
    Path membersFile,
    int fanOut,
    int leaseSeconds,
    Optional<Path> outputDir,
    Optional<InstructionPlan> instruction,
    OptionalLong timeoutSeconds,
    int startDeadlineSeconds,
    Verbosity verbosity,
    DiscoveryLimits limits) {

  public DiscoveryConfig {
    if (host.isBlank()) {
      throw new IllegalArgumentException("--host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0-65535 (0 picks a free port), got " + port);
    }
    if (preload < 0) {
      throw new IllegalArgumentException("-l (preloaded members) must be >= 0, got " + preload);
    }
    // With preloading only L names can register, so a larger M would never send the instruction.
    if (preload > 0 && size.isPresent() && size.get().expected() > preload) {
      throw new IllegalArgumentException("-m " + size.get().expected() + " exceeds -l " + preload
          + ": only L nodes can register when members are preloaded");
    }
    // The original ignored an instruction without -n -t -m; here that mistake is reported.
    if (instruction.isPresent() && size.isEmpty()) {
      throw new IllegalArgumentException("--inst needs -n, -t and -m: the instruction is sent "
          + "when M nodes have registered");
    }
    if (fanOut < 0 || fanOut > Registry.MAX_SAMPLE_PEERS) {
      throw new IllegalArgumentException("--fan-out must be 0-" + Registry.MAX_SAMPLE_PEERS
          + " (0 = all peers, up to " + Registry.MAX_SAMPLE_PEERS + "), got " + fanOut);
    }
    if (leaseSeconds < 1) {
      throw new IllegalArgumentException("--lease-seconds must be >= 1, got " + leaseSeconds);
    }
    if (timeoutSeconds.isPresent() && timeoutSeconds.getAsLong() < 1) {
      throw new IllegalArgumentException(
          "--timeout must be >= 1 second, got " + timeoutSeconds.getAsLong());
    }
    if (startDeadlineSeconds < 0) {
      throw new IllegalArgumentException("--start-deadline-seconds must be >= 0 (0 = no deadline), got "
          + startDeadlineSeconds);
    }
  }

  /** M, or 0 when {@code -n -t -m} were not given (the value nodes are told as "expected"). */
  public int expected() {
    return size.map(ExperimentSize::expected).orElse(0);
  }

  /** The start deadline in milliseconds when it applies (an instruction waits for M), else empty. */
  public OptionalLong startDeadlineMillis() {
    return instruction.isPresent() && startDeadlineSeconds > 0
        ? OptionalLong.of(startDeadlineSeconds * 1000L) : OptionalLong.empty();
  }

  /** One line with every parameter, for the output log (the experiment's record of N and T). */
  public String summary() {
    return size.map(s -> "n=" + s.senateSeats() + " t=" + s.byzantine() + " m=" + s.expected())
            .orElse("n=none t=none m=none") + " l=" + preload
        + (preload > 0 ? " members=" + membersFile : "")
        + " fan_out=" + fanOut + " lease_seconds=" + leaseSeconds
        + " inst=" + instruction.map(InstructionPlan::toString).orElse("none")
        + " start_deadline_seconds=" + startDeadlineSeconds
        + " host=" + host + " port=" + port;
  }
}
