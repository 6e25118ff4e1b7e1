package org.lpos.node.consensus;

import java.util.Arrays;

/**
 * How long proposals take to reach this node, learned across heights, and the propose timeout it
 * sets: twice the median of the last {@value #WINDOW} delays from this node entering a round to its
 * proposal arriving here (built, signed, sent, its signatures checked), never below the configured
 * timeout nor above the cap.
 *
 * <p>A fixed timeout fits one machine and one load. Ten JVMs sharing two cores took 1–3 s to get a
 * proposal of a thousand transactions to each senator, so a 1 s timeout changed view at most
 * heights; each change left the next proposer a larger pool, a larger block and a slower round.
 * The delays are measured on proposals that did arrive, late ones included, so a crashed proposer
 * teaches nothing (it costs the current timeout, as before). The median keeps a minority of slow
 * or Byzantine proposers from moving it; a proposer that waits on purpose can at most push it to
 * the cap, which is the bound every round already has. Only liveness depends on it.
 */
final class ProposalPace {
  static final int WINDOW = 15;

  private final long[] delays = new long[WINDOW];
  private int count;
  private int next;

  /** A proposal arrived {@code delayMs} after this node entered its round (0 if it came first). */
  void observe(long delayMs) {
    delays[next] = Math.max(0, delayMs);
    next = (next + 1) % WINDOW;
    count = Math.min(WINDOW, count + 1);
  }

  /** The propose timeout of round 0 under {@code config}: see the class comment. */
  long proposeTimeoutMs(ConsensusConfig config) {
    if (count == 0) {
      return config.timeoutProposeMs();
    }
    long[] seen = Arrays.copyOf(delays, count);
    Arrays.sort(seen);
    long median = seen[count / 2];
    return Math.min(config.timeoutCapMs(), Math.max(config.timeoutProposeMs(), 2 * median));
  }
}
