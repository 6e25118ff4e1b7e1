package org.lpos.chain.senate;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/**
 * Over many random seeds, the share of seats each owner draws converges to its share of the stake:
 * a chi-square goodness-of-fit test on 20,000 one-seat draws.
 */
class SeatShareChiSquareTest {
  private static final long SEED = 987_654_321L;
  private static final int DRAWS = 20_000;
  private static final long[] STAKES = {1, 2, 3, 4, 10};

  /** The 0.999 quantile of chi-square with 4 degrees of freedom (5 owners - 1): 18.467. */
  private static final double CHI_SQUARE_4_DF_0999 = 18.467;

  private static StakeIndex stake() {
    StakeIndex index = new StakeIndex();
    Random layout = new Random(SEED + 1);
    for (int owner = 0; owner < STAKES.length; owner++) {
      // Each owner's stake is split over several outputs scattered through the draw order.
      long left = STAKES[owner] * 1_000;
      int part = 0;
      while (left > 0) {
        long value = Math.min(left, 1 + layout.nextInt(900));
        byte[] id = new byte[32];
        layout.nextBytes(id);
        index.add(new Utxo(new OutputKey(ByteString.copyFrom(id), part++), value, owner(owner)));
        left -= value;
      }
    }
    return index;
  }

  private static ByteString owner(int i) {
    return ByteString.copyFromUtf8("owner-" + i);
  }

  private static Map<ByteString, Integer> drawSeats(StakeIndex index) {
    Random random = new Random(SEED);
    Map<ByteString, Integer> seats = new HashMap<>();
    for (int d = 0; d < DRAWS; d++) {
      byte[] seed = new byte[32];
      random.nextBytes(seed);
      List<ByteString> owners = FollowTheSatoshi.drawOwners(ByteString.copyFrom(seed), index, 1);
      seats.merge(owners.get(0), 1, Integer::sum);
    }
    return seats;
  }

  private static double chiSquare(Map<ByteString, Integer> seats, long[] stakes) {
    long total = 0;
    for (long s : stakes) {
      total += s;
    }
    double chi = 0;
    for (int i = 0; i < stakes.length; i++) {
      double expected = (double) DRAWS * stakes[i] / total;
      double diff = seats.getOrDefault(owner(i), 0) - expected;
      chi += diff * diff / expected;
    }
    return chi;
  }

  @Test
  void seatSharesConvergeToStakeShares() {
    System.out.println("SeatShareChiSquareTest seed=" + SEED + " draws=" + DRAWS);
    Map<ByteString, Integer> seats = drawSeats(stake());
    double chi = chiSquare(seats, STAKES);
    System.out.println("SeatShareChiSquareTest seats=" + seats.values() + " chi2=" + chi);
    assertTrue(chi < CHI_SQUARE_4_DF_0999, "chi-square " + chi + " exceeds " + CHI_SQUARE_4_DF_0999);
  }

  @Test
  void theStatisticDetectsAWrongDistribution() {
    Map<ByteString, Integer> seats = drawSeats(stake());
    long[] equalStakes = {4, 4, 4, 4, 4};
    double chi = chiSquare(seats, equalStakes);
    assertTrue(chi > CHI_SQUARE_4_DF_0999, "equal shares must be refuted, chi-square " + chi);
  }
}
