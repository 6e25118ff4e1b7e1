package org.lpos.chain.senate;

import com.google.protobuf.ByteString;

/**
 * Stake laid out on a line of satoshi positions, as follow-the-satoshi walks it (PROTOCOL §5): the
 * UTXO set in (tx id, index) order ({@link StakeIndex}) or, on a VRF chain, per-owner totals in key
 * order ({@link OwnerStake}, PROTOCOL §6a).
 */
public interface StakeLine {
  /** Total value T on the line. */
  long totalValue();

  /** The owner of the stake covering position {@code position}, {@code 0 <= position < T}. */
  ByteString ownerAt(long position);
}
