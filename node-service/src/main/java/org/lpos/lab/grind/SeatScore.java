package org.lpos.lab.grind;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.Set;
import org.lpos.chain.senate.SeatLottery;
import org.lpos.chain.senate.Senate;
import org.lpos.chain.senate.StakeLine;
import org.lpos.proto.v1.ChainParams;

/**
 * What a grinder maximises: the seats the Byzantine members would hold in the senate a candidate
 * seed draws, with the chain's own seat lottery ({@link SeatLottery#of}) on a given stake.
 */
public final class SeatScore {
  private final Set<ByteString> byzantine;
  private final SeatLottery lottery;
  private final int seats;

  /** Scores seeds on a chain with {@code params} for the members {@code byzantine}. */
  public SeatScore(ChainParams params, Set<ByteString> byzantine) {
    this.byzantine = Set.copyOf(byzantine);
    this.lottery = SeatLottery.of(params);
    this.seats = params.getSenateSeats();
  }

  /** Byzantine seats in the senate of {@code height} that {@code seed} draws on {@code stake}. */
  public int of(long height, ByteString seed, StakeLine stake) {
    Senate senate = lottery.draw(height, seed, stake, seats);
    int n = 0;
    for (ByteString owner : senate.seats()) {
      if (byzantine.contains(owner)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The Byzantine members' expected seats in a senate drawn without bias from the per-owner
   * {@code totals}: their share of the value times the seats.
   */
  public double expected(Map<ByteString, Long> totals) {
    long all = 0;
    long theirs = 0;
    for (Map.Entry<ByteString, Long> e : totals.entrySet()) {
      all += e.getValue();
      if (byzantine.contains(e.getKey())) {
        theirs += e.getValue();
      }
    }
    return all == 0 ? 0 : seats * (theirs / (double) all);
  }

  /** Seats per senate. */
  public int seats() {
    return seats;
  }
}
