package org.lpos.chain.senate;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.lpos.chain.crypto.Hashes;

/**
 * The follow-the-satoshi draw of PROTOCOL §5 in exact integer arithmetic: {@code s(0)} is the
 * seed, {@code s(i+1) = H(s(i))}, and seat i goes to the owner of the output covering satoshi
 * {@code floor(uint256(s(i+1)) * T / 2^256)} with the outputs in (tx id, index) order.
 */
public final class FollowTheSatoshi implements SeatLottery {
  @Override
  public Senate draw(long height, ByteString seed, StakeIndex stake, int seats) {
    return new Senate(height, drawOwners(seed, stake, seats));
  }

  /** The owners of {@code seats} seats drawn from {@code seed}. */
  public static List<ByteString> drawOwners(ByteString seed, StakeIndex stake, int seats) {
    if (seats < 1) {
      throw new IllegalArgumentException("at least one seat must be drawn: " + seats);
    }
    long total = stake.totalValue();
    if (total <= 0) {
      throw new IllegalStateException("no stake to draw from");
    }
    List<ByteString> owners = new ArrayList<>(seats);
    byte[] s = seed.toByteArray();
    for (int i = 0; i < seats; i++) {
      s = Hashes.doubleSha256(s);
      owners.add(stake.ownerAt(position(s, total)));
    }
    return owners;
  }

  /** {@code floor(uint256(hash) * total / 2^256)}. */
  public static long position(byte[] hash, long total) {
    return new BigInteger(1, hash).multiply(BigInteger.valueOf(total)).shiftRight(256).longValueExact();
  }
}
