package org.lpos.chain.senate;

import com.google.protobuf.ByteString;
import java.util.List;

/**
 * Follow-the-satoshi without repeated members ({@code SEAT_DRAW_DISTINCT_MEMBERS}, PROTOCOL §5):
 * the hash chain {@code s(i+1) = H(s(i))} of {@link FollowTheSatoshi} is walked as before, but a
 * position whose owner already holds a seat is passed over, so the senate is N distinct members,
 * each drawn with probability by stake among those not yet seated.
 *
 * <p>Why: with the original's draw a member with a quarter of the stake holds two of four seats
 * (more than f = 1) at about 26% of heights; with T Byzantine or crashed members that breaks the
 * premise "at most f faulty seats" however small T is. Here T faulty members hold at most T seats,
 * so {@code T <= floor((N-1)/3)} members is exactly the bound the experiments' {@code -t T} states.
 *
 * <p>A draw costs at most {@link #MAX_STEPS_PER_SEAT} × N hashes and lookups whatever the stake
 * looks like: when the stake has fewer than N owners, or owners so small that the walk does not
 * reach them, the seats still empty after that many steps are filled by the following steps of
 * the chain as in the original's draw (repeats allowed).
 */
public final class DistinctMembersDraw implements SeatLottery {
  /** Steps of the hash chain per seat before the draw accepts repeated members. */
  public static final int MAX_STEPS_PER_SEAT = 64;

  @Override
  public Senate draw(long height, ByteString seed, StakeLine stake, int seats) {
    return new Senate(height, drawOwners(seed, stake, seats));
  }

  /** The owners of {@code seats} seats drawn from {@code seed}, distinct while the bound allows. */
  public static List<ByteString> drawOwners(ByteString seed, StakeLine stake, int seats) {
    return FollowTheSatoshi.walk(seed, stake, seats, (long) MAX_STEPS_PER_SEAT * seats);
  }
}
