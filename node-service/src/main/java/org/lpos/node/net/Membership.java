package org.lpos.node.net;

import com.google.protobuf.ByteString;

/**
 * Who may take part in the senate: the keys holding stake in the node's chain state. The peer
 * mesh asks it from gRPC threads, so an implementation answers from an immutable snapshot the
 * driver publishes, never from the consensus state itself.
 */
@FunctionalInterface
public interface Membership {
  /** Whether {@code key} holds stake now. */
  boolean holdsStake(ByteString key);

  /** Everyone is a member (no membership check: tests and tools). */
  static Membership everyone() {
    return key -> true;
  }
}
