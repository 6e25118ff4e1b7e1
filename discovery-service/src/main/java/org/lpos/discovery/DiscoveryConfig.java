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
 * @param senateSeats N, the senate size of the experiment (recorded, not used by the server)
 * @param byzantine T, the Byzantine nodes of the experiment (recorded, not used by the server)
 * @param expected M, how many node names must register before the instruction is sent
 * @param preload L, how many members of the members file are handed out; 0 to not preload
 * @param membersFile where the members are read from when {@code preload > 0}
 * @param fanOut peers per sample; 0 means all, up to {@link Registry#MAX_SAMPLE_PEERS}
 * @param leaseSeconds how long a registration or heartbeat keeps a node in samples
 * @param outputDir where the registration log is written, if anywhere
 * @param instruction the instruction to broadcast, if any
 * @param timeoutSeconds stop after this long, if given
 * @param verbosity what is reported on stderr
 * @param limits the bounds on names, sources and clock skew
 */
public record DiscoveryConfig(
    String host,
    int port,
    int senateSeats,
    int byzantine,
    int expected,
    int preload,
    Path membersFile,
    int fanOut,
    int leaseSeconds,
    Optional<Path> outputDir,
    Optional<InstructionPlan> instruction,
    OptionalLong timeoutSeconds,
    Verbosity verbosity,
    DiscoveryLimits limits) {

  public DiscoveryConfig {
    if (host.isBlank()) {
      throw new IllegalArgumentException("--host must not be empty");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be 0-65535 (0 picks a free port), got " + port);
    }
    if (senateSeats < 1) {
      throw new IllegalArgumentException("-n (senate seats) must be >= 1, got " + senateSeats);
    }
    int maxByzantine = (senateSeats - 1) / 3;
    if (byzantine < 0 || byzantine > maxByzantine) {
      throw new IllegalArgumentException("-t " + byzantine + " Byzantine nodes is not tolerable with -n "
          + senateSeats + ": need 0 <= T <= floor((N-1)/3) = " + maxByzantine);
    }
    if (expected < 1) {
      throw new IllegalArgumentException("-m (nodes to wait for) must be >= 1, got " + expected);
    }
    if (preload < 0) {
      throw new IllegalArgumentException("-l (preloaded members) must be >= 0, got " + preload);
    }
    // With preloading only L names can register, so a larger M would never send the instruction.
    if (preload > 0 && expected > preload) {
      throw new IllegalArgumentException("-m " + expected + " exceeds -l " + preload
          + ": only L nodes can register when members are preloaded");
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
  }

  /** One line with every parameter, for the output log (the experiment's record of N and T). */
  public String summary() {
    return "n=" + senateSeats + " t=" + byzantine + " m=" + expected + " l=" + preload
        + (preload > 0 ? " members=" + membersFile : "")
        + " fan_out=" + fanOut + " lease_seconds=" + leaseSeconds
        + " inst=" + instruction.map(InstructionPlan::toString).orElse("none")
        + " host=" + host + " port=" + port;
  }
}
