package org.lpos.node.consensus;

/**
 * Timing and size parameters of one node's consensus. Timeouts only cover failures: rounds
 * advance on quorums, and a timeout of round r is {@code base + r * delta}, capped.
 *
 * @param timeoutProposeMs how long at least to wait for round 0's proposal once there is work (the
 *     node waits longer when proposals have been arriving later: {@link ProposalPace})
 * @param timeoutPrevoteMs how long to wait after a prevote quorum without agreement
 * @param timeoutPrecommitMs how long to wait after a precommit quorum without agreement
 * @param timeoutDeltaMs added to each timeout per round
 * @param timeoutCapMs no timeout grows beyond this
 * @param ticketWindowMs how long a proposer waits for tickets after entering a height
 * @param poolMaxTransactions transactions the pool holds at most
 * @param poolMaxBytes serialized bytes the pool holds at most
 * @param catchUpBatch blocks asked for in one catch-up request
 */
public record ConsensusConfig(
    long timeoutProposeMs,
    long timeoutPrevoteMs,
    long timeoutPrecommitMs,
    long timeoutDeltaMs,
    long timeoutCapMs,
    long ticketWindowMs,
    int poolMaxTransactions,
    long poolMaxBytes,
    int catchUpBatch) {

  /**
   * Defaults for a local network. The proposal timeout (1 s; CometBFT's default is 3 s) is longer
   * than the others because it is the one a live but briefly stalled proposer trips: with 400 ms,
   * four JVMs sharing two cores changed view one to four times a minute at half load, each change
   * stalling commits about 1.7 s (docs/benchmarks.md).
   */
  public static ConsensusConfig defaults() {
    return new ConsensusConfig(1_000, 200, 200, 200, 5_000, 10, 50_000, 64L << 20, 64);
  }

  /** Validates the values. */
  public ConsensusConfig {
    if (timeoutProposeMs <= 0 || timeoutPrevoteMs <= 0 || timeoutPrecommitMs <= 0 || timeoutDeltaMs < 0
        || timeoutCapMs < Math.max(timeoutProposeMs, Math.max(timeoutPrevoteMs, timeoutPrecommitMs))
        || ticketWindowMs < 0 || poolMaxTransactions <= 0 || poolMaxBytes <= 0 || catchUpBatch <= 0) {
      throw new IllegalArgumentException("invalid consensus configuration: " + this);
    }
  }

  /** This configuration with a proposer waiting {@code ms} for tickets. */
  public ConsensusConfig withTicketWindowMs(long ms) {
    return new ConsensusConfig(timeoutProposeMs, timeoutPrevoteMs, timeoutPrecommitMs, timeoutDeltaMs, timeoutCapMs, ms,
        poolMaxTransactions, poolMaxBytes, catchUpBatch);
  }

  /** A timeout of round {@code round} grown from {@code baseMs} and capped. */
  public long grown(long baseMs, int round) {
    return Math.min(timeoutCapMs, baseMs + (long) round * timeoutDeltaMs);
  }
}
