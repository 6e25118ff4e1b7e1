package org.lpos.node.net;

/**
 * How much a peer may send us per second, by kind of message, before its messages are dropped
 * unread: each budget is a token bucket per peer key (rate, and a burst it may send at once).
 * The numbers are a few times an honest peer's peak, so only a peer that floods ever reaches
 * them; what they bound is the CPU and memory one peer can make us spend. Block responses are
 * not budgeted: they answer our requests, whose own rate we set.
 *
 * @param consensus proposals, votes and committed blocks
 * @param tickets director-competition tickets
 * @param transactions transactions in batches (an empty batch counts as one)
 * @param transactionBytes serialized bytes of transaction batches
 * @param blockRequests catch-up requests
 * @param statuses status announcements
 * @param overruns messages dropped over budget that a peer is forgiven; past this it is
 *     disconnected (it may dial again, through a new signed handshake)
 */
public record PeerBudgets(
    Limit consensus,
    Limit tickets,
    Limit transactions,
    Limit transactionBytes,
    Limit blockRequests,
    Limit statuses,
    Limit overruns) {

  /** A rate and the burst a bucket holds. */
  public record Limit(double perSecond, long burst) {
    /** Validates the values. */
    public Limit {
      if (!(perSecond > 0) || burst < 1) {
        throw new IllegalArgumentException("a limit needs a positive rate and burst: " + perSecond + ", " + burst);
      }
    }
  }

  /**
   * Defaults from the measured peak (docs/benchmarks.md: about 29 heights a second at half
   * load, about 3,450 committed transactions a second in 4 nodes at saturation, catch-up at
   * 1,150-1,670 blocks a second):
   *
   * <ul>
   *   <li>consensus 1,000/s, burst 2,000: an honest senator sends per height one proposal (when
   *       it proposes), a prevote and a precommit per round and one committed block, about 160 a
   *       second at 40 heights a second; once a second it re-sends its votes of two rounds and
   *       the prevotes of a lock (at most one per seat). The burst absorbs a healed partition.
   *   <li>tickets 100/s, burst 200: one ticket per height per senator.
   *   <li>transactions 20,000/s, burst 50,000 (the pool's size): a peer forwards what its own
   *       clients submit, and the whole 4-node cluster was offered at most 4,800 a second.
   *   <li>transaction bytes 8 MiB/s, burst 32 MiB: 20,000 transactions of about 250 bytes is
   *       5 MB a second; the burst holds the pool's 50,000 at up to 670 bytes each.
   *   <li>block requests 50/s, burst 100: catch-up asks for 64 blocks at a time of up to three
   *       peers, under 30 requests a second in all at the measured catch-up speed.
   *   <li>statuses 10/s, burst 20: a node announces its height once a second and answers a
   *       status that shows it ahead, so an honest peer sends about two a second.
   *   <li>overruns 10/s, burst 1,000: an honest peer never runs over, so a thousand drops beyond
   *       ten a second is a flood, not jitter.
   * </ul>
   */
  public static PeerBudgets defaults() {
    return new PeerBudgets(
        new Limit(1_000, 2_000),
        new Limit(100, 200),
        new Limit(20_000, 50_000),
        new Limit(8 << 20, 32 << 20),
        new Limit(50, 100),
        new Limit(10, 20),
        new Limit(10, 1_000));
  }

  /**
   * Budgets for a key without stake (a follower): it may not send senate traffic at all (that is
   * dropped before any budget), so its consensus budget only covers committed blocks it gossips;
   * it forwards few transactions and catches up at a tenth of a senator's request rate. A tenth
   * of the overruns are forgiven before it is disconnected.
   */
  public static PeerBudgets followers() {
    return new PeerBudgets(
        new Limit(100, 200),
        new Limit(1, 1),
        new Limit(2_000, 5_000),
        new Limit(1 << 20, 4 << 20),
        new Limit(5, 10),
        new Limit(5, 10),
        new Limit(1, 100));
  }
}
