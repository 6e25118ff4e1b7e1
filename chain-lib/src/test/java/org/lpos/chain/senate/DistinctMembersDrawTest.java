package org.lpos.chain.senate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.SeatDraw;

/** The distinct-members draw of PROTOCOL §5 against the original's draw it walks. */
class DistinctMembersDrawTest {
  private static final long SEED = 20261203L;

  private static ByteString owner(int i) {
    return ByteString.copyFromUtf8("member-" + i);
  }

  /** {@code members} owners, each with {@code outputsEach} outputs of {@code value}. */
  private static StakeIndex stake(int members, int outputsEach, long[] values) {
    StakeIndex stake = new StakeIndex();
    int tx = 0;
    for (int m = 0; m < members; m++) {
      for (int k = 0; k < outputsEach; k++) {
        byte[] id = new byte[32];
        id[0] = (byte) (tx >> 8);
        id[1] = (byte) tx;
        tx++;
        stake.add(new Utxo(new OutputKey(ByteString.copyFrom(id), 0), values[m], owner(m)));
      }
    }
    return stake;
  }

  private static ByteString seed(Random random) {
    byte[] s = new byte[32];
    random.nextBytes(s);
    return ByteString.copyFrom(s);
  }

  @Test
  void fourEqualMembersAlwaysGetOneSeatEachWhereTheOriginalDoubles() {
    System.out.println("DistinctMembersDrawTest seed " + SEED);
    Random random = new Random(SEED);
    StakeIndex stake = stake(4, 4, new long[] {250_000, 250_000, 250_000, 250_000});
    int originalDoubles = 0;
    for (int h = 0; h < 1_000; h++) {
      ByteString seed = seed(random);
      Senate distinct = new DistinctMembersDraw().draw(h, seed, stake, 4);
      assertEquals(4, new LinkedHashSet<>(distinct.seats()).size(), "seats " + distinct.seats());
      Senate original = new FollowTheSatoshi().draw(h, seed, stake, 4);
      if (original.seatsOf(owner(3)) > original.maxFaulty()) {
        originalDoubles++;
      }
    }
    // The reason for the rule: the original's draw gives one given member (say the one Byzantine
    // member) more than f seats at 1 - (3/4)^4 - 4 (1/4)(3/4)^3 = 26% of heights.
    assertTrue(originalDoubles > 200 && originalDoubles < 330, "original draws with member-3 above f: " + originalDoubles);
  }

  @Test
  void seatsAreTheOriginalChainsOwnersInOrderOfFirstAppearance() {
    Random random = new Random(SEED + 1);
    StakeIndex stake = stake(10, 3, new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
    for (int h = 0; h < 200; h++) {
      ByteString seed = seed(random);
      List<ByteString> walk = FollowTheSatoshi.drawOwners(seed, stake, 64 * 6);
      List<ByteString> expected = new ArrayList<>(new LinkedHashSet<>(walk)).subList(0, 6);
      assertEquals(expected, DistinctMembersDraw.drawOwners(seed, stake, 6));
    }
  }

  @Test
  void fewerOwnersThanSeatsFillTheRestAsTheOriginalDoes() {
    StakeIndex stake = stake(2, 1, new long[] {10, 10});
    ByteString seed = ByteString.copyFromUtf8("seed");
    List<ByteString> drawn = DistinctMembersDraw.drawOwners(seed, stake, 10);
    assertEquals(10, drawn.size());
    assertEquals(2, new LinkedHashSet<>(drawn).size());
    assertEquals(List.of(owner(0), owner(1)).stream().sorted(ByteString.unsignedLexicographicalComparator()).toList(),
        drawn.subList(0, 2).stream().sorted(ByteString.unsignedLexicographicalComparator()).toList());
  }

  @Test
  void theFirstSeatFollowsStake() {
    Random random = new Random(SEED + 2);
    StakeIndex stake = stake(3, 1, new long[] {100, 300, 600});
    Map<ByteString, Integer> first = new HashMap<>();
    int draws = 6_000;
    for (int h = 0; h < draws; h++) {
      first.merge(DistinctMembersDraw.drawOwners(seed(random), stake, 3).get(0), 1, Integer::sum);
    }
    // Binomial standard deviations are at most 39 here; 5 of them is a bound this seed never nears.
    assertEquals(600, first.get(owner(0)), 200);
    assertEquals(1_800, first.get(owner(1)), 200);
    assertEquals(3_600, first.get(owner(2)), 200);
  }

  @Test
  void theChainParametersChooseTheDraw() {
    assertTrue(SeatLottery.of(ChainParams.getDefaultInstance()) instanceof FollowTheSatoshi);
    assertTrue(SeatLottery.of(ChainParams.newBuilder().setSeatDraw(SeatDraw.SEAT_DRAW_DISTINCT_MEMBERS).build())
        instanceof DistinctMembersDraw);
  }
}
