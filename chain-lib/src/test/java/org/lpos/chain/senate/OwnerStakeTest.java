package org.lpos.chain.senate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.lottery.StakeSnapshots;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/** The per-owner stake line of a VRF chain and its window of snapshots (PROTOCOL §6a). */
class OwnerStakeTest {
  private static final ByteString LOW = ByteString.copyFrom(new byte[] {0x01});
  private static final ByteString HIGH = ByteString.copyFrom(new byte[] {(byte) 0xf0});
  private static final ByteString NONE = ByteString.copyFrom(new byte[] {0x50});

  @Test
  void ownersLieInUnsignedKeyOrderCoveringTheirTotals() {
    OwnerStake line = OwnerStake.of(3, Map.of(HIGH, 5L, LOW, 2L, NONE, 0L));
    assertEquals(7, line.totalValue());
    assertEquals(List.of(LOW, HIGH), List.copyOf(line.totals().keySet()), "0xf0 sorts after 0x01, unsigned");
    assertEquals(LOW, line.ownerAt(0));
    assertEquals(LOW, line.ownerAt(1));
    assertEquals(HIGH, line.ownerAt(2));
    assertEquals(HIGH, line.ownerAt(6));
    assertThrows(IllegalArgumentException.class, () -> line.ownerAt(7));
    assertThrows(IllegalArgumentException.class, () -> line.ownerAt(-1));
  }

  @Test
  void theWindowKeepsDelayPlusOneSnapshotsAndDrawsFromTheOldest() {
    StakeSnapshots window = StakeSnapshots.start(OwnerStake.of(0, Map.of(LOW, 10L)));
    Utxo lows = new Utxo(new OutputKey(ByteString.copyFrom(new byte[32]), 0), 10, LOW);
    Utxo highs = new Utxo(new OutputKey(ByteString.copyFrom(new byte[32]), 1), 10, HIGH);
    window = window.after(new UtxoDelta(List.of(lows), List.of(highs)));
    assertEquals(0, window.forNextDraw().height(), "before D blocks the draws read genesis");
    for (int h = 2; h <= StakeSnapshots.DELAY_BLOCKS + 2; h++) {
      window = window.after(new UtxoDelta(List.of(), List.of()));
    }
    assertEquals(StakeSnapshots.DELAY_BLOCKS + 1, window.window().size());
    assertEquals(2, window.forNextDraw().height());
    assertEquals(Map.of(HIGH, 10L), window.forNextDraw().totals());
  }

  @Test
  void aStoredWindowMustBeConsecutiveAndShortOnlyAtGenesis() {
    assertThrows(IllegalArgumentException.class, () -> StakeSnapshots.of(List.of(
        OwnerStake.of(0, Map.of(LOW, 1L)), OwnerStake.of(2, Map.of(LOW, 1L)))));
    assertThrows(IllegalArgumentException.class, () -> StakeSnapshots.of(List.of(OwnerStake.of(5, Map.of(LOW, 1L)))));
    assertThrows(IllegalArgumentException.class, () -> StakeSnapshots.of(List.of()));
  }
}
