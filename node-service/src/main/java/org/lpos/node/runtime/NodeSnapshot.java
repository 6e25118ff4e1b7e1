package org.lpos.node.runtime;

import org.lpos.node.consensus.NodeStatus;

/**
 * What the node looks like from outside the consensus thread: the loop publishes a new snapshot
 * after each step (one volatile write), and RPCs, metrics and load generators read the latest one
 * instead of asking the core. Balances and outputs come from the node's owner index, which is
 * immutable and published after each commit in the same spirit.
 *
 * @param steps inputs the loop has applied (the start included); readers can wait for it to pass
 *     a value instead of putting a question on the queue
 * @param status the core's position after the last step (height, tip, round, pool size, senate)
 */
public record NodeSnapshot(long steps, NodeStatus status) {}
