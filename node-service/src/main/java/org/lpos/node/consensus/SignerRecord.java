package org.lpos.node.consensus;

import com.google.protobuf.ByteString;

/**
 * The last (height, round, step) this node signed and for which block (empty for nil). The shell
 * persists it durably before any signed message leaves, so that after a crash the node never signs
 * a conflicting message.
 */
public record SignerRecord(long height, int round, SignStep step, ByteString blockHash) {
  /** The steps a senator signs, in protocol order within a round. */
  public enum SignStep {
    PROPOSAL,
    PREVOTE,
    PRECOMMIT
  }

  /** Compares positions (height, round, step), ignoring the block. */
  public int comparePosition(long otherHeight, int otherRound, SignStep otherStep) {
    int c = Long.compare(height, otherHeight);
    if (c != 0) {
      return c;
    }
    c = Integer.compare(round, otherRound);
    return c != 0 ? c : step.compareTo(otherStep);
  }
}
