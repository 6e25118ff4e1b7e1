package org.lpos.chain.senate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Quorum arithmetic {@code Q = N - floor((N-1)/3)} and the senate's seats and proposers (§5). */
class QuorumTest {
  private static final int[] EXPECTED_QUORUM = {1, 2, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9};
  private static final int[] EXPECTED_FAULTY = {0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3};

  @Test
  void quorumForOneToTwelveSeats() {
    for (int n = 1; n <= 12; n++) {
      assertEquals(EXPECTED_QUORUM[n - 1], Quorum.quorum(n), "Q for N=" + n);
      assertEquals(EXPECTED_FAULTY[n - 1], Quorum.maxFaulty(n), "f for N=" + n);
    }
  }

  @Test
  void quorumIsMoreThanTwoThirdsAndTwoQuorumsShareAnHonestSeat() {
    for (int n = 1; n <= 12; n++) {
      int q = Quorum.quorum(n);
      assertTrue(3 * q > 2 * n, "more than two thirds for N=" + n);
      assertTrue(2 * q - n > Quorum.maxFaulty(n), "quorum intersection exceeds f for N=" + n);
    }
  }

  @Test
  void noSeatsIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Quorum.quorum(0));
    assertThrows(IllegalArgumentException.class, () -> new Senate(1, List.of()));
  }

  private static ByteString member(int i) {
    return ByteString.copyFromUtf8("member-" + i);
  }

  @Test
  void proposerOfRoundRIsSeatRModN() {
    List<ByteString> seats = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      seats.add(member(i));
    }
    Senate senate = new Senate(3, seats);
    for (long r = 0; r < 23; r++) {
      assertEquals(member((int) (r % 5)), senate.proposer(r), "round " + r);
    }
    assertEquals(member((int) ((1L << 32) % 5)), senate.proposer(1L << 32));
  }

  @Test
  void seatsAreCountedPerOwner() {
    Senate senate = new Senate(1, List.of(member(2), member(1), member(2), member(3), member(2)));
    assertEquals(3, senate.seatsOf(member(2)));
    assertEquals(1, senate.seatsOf(member(1)));
    assertEquals(0, senate.seatsOf(member(9)));
    assertTrue(senate.isSenator(member(3)));
    assertFalse(senate.isSenator(member(9)));
    Map<ByteString, Integer> counts = new LinkedHashMap<>();
    counts.put(member(2), 3);
    counts.put(member(1), 1);
    counts.put(member(3), 1);
    assertEquals(counts, senate.seatCounts());
    assertEquals(List.copyOf(counts.keySet()), senate.senators());
    assertEquals(4, senate.quorum());
    assertEquals(1, senate.maxFaulty());
  }
}
