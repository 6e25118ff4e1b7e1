package org.lpos.chain.senate;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lpos.chain.crypto.Hashes;

/**
 * The follow-the-satoshi draw of PROTOCOL §5 in exact integer arithmetic: {@code s(0)} is the
 * seed, {@code s(i+1) = H(s(i))}, and seat i goes to the owner of the output covering satoshi
 * {@code floor(uint256(s(i+1)) * T / 2^256)} with the outputs in (tx id, index) order.
 */
public final class FollowTheSatoshi implements SeatLottery {
  @Override
  public Senate draw(long height, ByteString seed, StakeLine stake, int seats) {
    return new Senate(height, drawOwners(seed, stake, seats));
  }

  /** The owners of {@code seats} seats drawn from {@code seed}. */
  public static List<ByteString> drawOwners(ByteString seed, StakeLine stake, int seats) {
    return walk(seed, stake, seats, 0);
  }

  /**
   * Walks the hash chain from {@code seed} until {@code seats} seats are filled: in its first
   * {@code distinctSteps} steps an owner already seated is passed over, after them every step
   * takes a seat (0: the original's draw, {@link DistinctMembersDraw}: 64 per seat).
   */
  static List<ByteString> walk(ByteString seed, StakeLine stake, int seats, long distinctSteps) {
    if (seats < 1) {
      throw new IllegalArgumentException("at least one seat must be drawn: " + seats);
    }
    long total = stake.totalValue();
    if (total <= 0) {
      throw new IllegalStateException("no stake to draw from");
    }
    List<ByteString> owners = new ArrayList<>(seats);
    Set<ByteString> seated = new HashSet<>();
    byte[] s = seed.toByteArray();
    for (long step = 0; owners.size() < seats; step++) {
      s = Hashes.doubleSha256(s);
      ByteString owner = stake.ownerAt(position(s, total));
      if (step >= distinctSteps || seated.add(owner)) {
        owners.add(owner);
      }
    }
    return owners;
  }

  /** {@code floor(uint256(hash) * total / 2^256)}. */
  public static long position(byte[] hash, long total) {
    return new BigInteger(1, hash).multiply(BigInteger.valueOf(total)).shiftRight(256).longValueExact();
  }
}
