package org.lpos.chain.senate;

import com.google.protobuf.ByteString;

/**
 * Draws the senate of a height from a seed and the stake distribution. Kept behind this small
 * interface so that the planned VRF lottery (PROTOCOL §6) can replace follow-the-satoshi locally.
 */
public interface SeatLottery {
  /** The senate of {@code height}, with {@code seats} seats, seeded by {@code seed}. */
  Senate draw(long height, ByteString seed, StakeIndex stake, int seats);
}
