package org.lpos.chain.senate;

import com.google.protobuf.ByteString;
import org.lpos.proto.v1.ChainParams;

/**
 * Draws the senate of a height from a seed and the stake distribution. The lottery that supplies
 * the seed (director or VRF, PROTOCOL §6 and §6a) and the stake line it walks are chosen by
 * ChainState; the draw itself is the chain's {@code seat_draw}.
 */
public interface SeatLottery {
  /** The senate of {@code height}, with {@code seats} seats, seeded by {@code seed}. */
  Senate draw(long height, ByteString seed, StakeLine stake, int seats);

  /** The lottery a chain's parameters name ({@code seat_draw}); GenesisRules refuses unknown values. */
  static SeatLottery of(ChainParams params) {
    return switch (params.getSeatDraw()) {
      case SEAT_DRAW_WITH_REPLACEMENT -> new FollowTheSatoshi();
      case SEAT_DRAW_DISTINCT_MEMBERS -> new DistinctMembersDraw();
      case UNRECOGNIZED -> throw new IllegalArgumentException("unknown seat_draw " + params.getSeatDrawValue());
    };
  }
}
