package org.lpos.chain.block;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.lpos.chain.ledger.InMemoryUtxoSet;
import org.junit.jupiter.api.Test;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.CertifiedBlock;

/**
 * A chain restored from a snapshot of its UTXO set and tip behaves exactly like the chain it was
 * taken from: same senate, same verdicts on the next block, without replaying any block.
 */
class ChainRestoreTest {
  @Test
  void restoredChainDrawsTheSameSenateAndAcceptsTheSameNextBlock() {
    ChainFixture f = ChainFixture.standard();
    for (int i = 0; i < 3; i++) {
      f.applyValid(f.next(List.of(f.pay(f.utxosOf(i).get(0), i + 1, 100))));
    }
    List<Utxo> stored = new ArrayList<>();
    f.state.utxos().forEach(stored::add);

    ChainState restored = ChainState.restore(f.genesis, f.state.tip(), InMemoryUtxoSet.of(stored), new ChainCaches());

    assertEquals(f.state.tip(), restored.tip());
    assertEquals(f.state.nextSenate().seats(), restored.nextSenate().seats());
    assertEquals(f.state.utxos().balances(), restored.utxos().balances());
    CertifiedBlock next = f.next(List.of(f.pay(f.utxosOf(4).get(0), 5, 50)));
    BlockOutcome.Valid onRestored = assertInstanceOf(BlockOutcome.Valid.class, restored.apply(next));
    assertEquals(f.applyValid(next).delta(), onRestored.delta());
    assertEquals(f.state.tip(), restored.tip());
  }

  @Test
  void aSnapshotListingAnOutputTwiceIsRefused() {
    ChainFixture f = ChainFixture.standard();
    Utxo u = f.allUtxos().get(0);
    assertThrows(IllegalArgumentException.class, () -> InMemoryUtxoSet.of(List.of(u, u)));
  }

  @Test
  void aHeightZeroTipMustBeTheGenesisBlock() {
    ChainFixture f = ChainFixture.standard();
    ChainTip wrong = new ChainTip(0, ByteString.copyFrom(new byte[32]), 0, f.state.tip().q());
    assertThrows(IllegalArgumentException.class,
        () -> ChainState.restore(f.genesis, wrong, InMemoryUtxoSet.of(f.allUtxos()), new ChainCaches()));
  }
}
