package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import org.lpos.chain.senate.Senate;

/**
 * An immutable snapshot of a core's position, published after each step for inspection.
 *
 * @param height the height being decided (last committed + 1)
 * @param lastBlockHash hash of the last committed block
 * @param round current round of this height
 * @param step current step
 * @param seats seats this node holds in this height's senate (0 for a follower)
 * @param proposer whether this node proposes the current round
 * @param poolSize transactions waiting in the pool
 * @param catchingUp whether the node knows it is behind and is fetching blocks
 * @param senate the senate of the height being decided (immutable; the Node API reads it here
 *     instead of asking the consensus thread)
 */
public record NodeStatus(
    long height,
    ByteString lastBlockHash,
    int round,
    Step step,
    int seats,
    boolean proposer,
    int poolSize,
    boolean catchingUp,
    Senate senate) {}
