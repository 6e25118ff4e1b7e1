package org.lpos.lab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The seat share's batch-means interval: zero width when every batch agrees, and the view changes summed. */
class SeatShareTest {
  @Test
  void batchesThatAgreeGiveAZeroWidthIntervalAroundTheShare() {
    List<Integer> seats = new ArrayList<>(Collections.nCopies(40, 3));
    SeatShare share = SeatShare.of(seats, Collections.nCopies(40, 1), 10, 0.3);
    assertEquals(0.3, share.share(), 1e-12);
    assertEquals(0, share.halfWidth95(), 1e-12);
    assertEquals(40, share.viewChanges());
    assertEquals(400, share.seats());
  }

  @Test
  void batchesThatDisagreeGiveStudentsIntervalOverTheBatchShares() {
    List<Integer> seats = new ArrayList<>();
    for (int b = 0; b < SeatShare.BATCHES; b++) {
      seats.add(b % 2 == 0 ? 2 : 4);
      seats.add(b % 2 == 0 ? 2 : 4);
    }
    SeatShare share = SeatShare.of(seats, Collections.nCopies(seats.size(), 0), 10, 0.3);
    // Batch shares alternate 0.2 and 0.4: sd = sqrt(10/9) * 0.1, half width = 2.262 * sd / sqrt(10).
    assertEquals(2.262 * Math.sqrt(10.0 / 9) * 0.1 / Math.sqrt(10), share.halfWidth95(), 1e-9);
    assertTrue(Double.isNaN(SeatShare.of(List.of(1, 2), List.of(0, 0), 10, 0.3).halfWidth95()));
  }
}
