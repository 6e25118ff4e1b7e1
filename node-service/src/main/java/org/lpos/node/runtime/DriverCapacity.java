package org.lpos.node.runtime;

/**
 * How much waiting work a {@link NodeDriver} holds.
 *
 * @param peerMessages messages from peers waiting for the loop
 * @param peerMessageBytes serialized bytes of those messages together
 * @param ownWork the node's own submissions (API, workload) waiting for the loop
 */
public record DriverCapacity(int peerMessages, long peerMessageBytes, int ownWork) {
  private static final long DEFAULT_PEER_MESSAGE_BYTES = 64L << 20;

  /**
   * 100,000 peer messages: at the measured peak (about 3,450 transactions a second in batches,
   * plus a few votes a round per senator) that is far more than a second of backlog, beyond
   * which holding more only adds memory and latency. 64 MiB of them: the peer mesh's total
   * inbound budget ({@code PeerLimits}) is the same, so the mesh pauses its streams before the
   * driver refuses; the bound holds for any other source of peer messages. 20,000 own
   * submissions: the workload and the API wait for their answers, so their backlog is bounded
   * by how many are in flight.
   */
  public static DriverCapacity defaults() {
    return new DriverCapacity(100_000, DEFAULT_PEER_MESSAGE_BYTES, 20_000);
  }

  /** A capacity with the default byte bound. */
  public DriverCapacity(int peerMessages, int ownWork) {
    this(peerMessages, DEFAULT_PEER_MESSAGE_BYTES, ownWork);
  }

  /** Validates the bounds. */
  public DriverCapacity {
    if (peerMessages <= 0 || peerMessageBytes <= 0 || ownWork <= 0) {
      throw new IllegalArgumentException("capacities must be positive: " + peerMessages + ", "
          + peerMessageBytes + ", " + ownWork);
    }
  }
}
