package org.lpos.node.net;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The node's room for queued outbound bytes, in two pools: the stakeholders' and the followers'
 * (with unproven streams). Separate pools, because keys without stake that never read must not
 * use up the room the senate's votes need.
 */
final class OutboundPools {
  private final PeerLimits limits;
  private final AtomicLong stakeholders = new AtomicLong();
  private final AtomicLong followers = new AtomicLong();

  OutboundPools(PeerLimits limits) {
    this.limits = limits;
  }

  /** Takes room for {@code bytes} in one pool; false if that pool is full. */
  boolean reserve(long bytes, boolean stakeholder) {
    AtomicLong pool = stakeholder ? stakeholders : followers;
    long cap = stakeholder ? limits.totalOutboundBytes()
        : Math.min(limits.totalOutboundBytes(), PeerLimits.FOLLOWERS_TOTAL_OUTBOUND_BYTES);
    if (pool.addAndGet(bytes) > cap && bytes > 0) {
      pool.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  /** Gives back room taken by {@link #reserve} in the same pool. */
  void release(long bytes, boolean stakeholder) {
    (stakeholder ? stakeholders : followers).addAndGet(-bytes);
  }

  /** Moves a stream's queued bytes to the other pool when its handshake shows what it is. */
  void move(long bytes, boolean toStakeholder) {
    release(bytes, !toStakeholder);
    (toStakeholder ? stakeholders : followers).addAndGet(bytes);
  }

  /** Bytes queued in both pools. */
  long total() {
    return stakeholders.get() + followers.get();
  }
}
