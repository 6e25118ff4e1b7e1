package org.lpos.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Ticket;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * Restart from a store of 10,000 blocks reads the head and the UTXO set and replays no block
 * (issue 5: "well under a second"). The blocks are shaped like real ones (a header, a ticket, a
 * transaction spending one output into two) but not signed: the store keeps bytes and does not
 * judge them, and signing 10,000 blocks would make this test slow. The time is printed; the
 * assertion is generous because the build machine is shared.
 */
class ChainStoreRestartTest {
  private static final int BLOCKS = 10_000;
  private static final int BLOCKS_PER_WRITE = 250;

  @Test
  void restartFromTenThousandBlocksReadsTheStateWithoutReplay(@TempDir Path dir) throws IOException {
    StoreFixture f = new StoreFixture();
    List<ByteString> owners = f.members.stream().map(m -> m.keys().publicKey()).toList();
    Utxo carried = f.outputs().get(0);
    long expectedOutputs = f.outputs().size();
    BlockHeader last = f.genesis.getHeader();
    try (ChainStore store = ChainStore.open(dir)) {
      store.initialize(f.genesis, List.of(), f.state);
      List<CertifiedBlock> blocks = new ArrayList<>();
      List<UtxoDelta> deltas = new ArrayList<>();
      for (int h = 1; h <= BLOCKS; h++) {
        ByteString txId = Hashes.hash(ByteBuffer.allocate(8).putLong(h).array());
        Utxo paid = new Utxo(new OutputKey(txId, 0), 10, owners.get(h % owners.size()));
        Utxo change = new Utxo(new OutputKey(txId, 1), carried.value() - 11, carried.owner());
        Transaction tx = Transaction.newBuilder()
            .addInputs(TxInput.newBuilder().setSpends(carried.key().toProto()).setUnlock(Scripts.standardUnlock(ByteString.copyFrom(new byte[64]))))
            .addOutputs(TxOutput.newBuilder().setValue(paid.value()).setLock(Scripts.standardLock(paid.owner())))
            .addOutputs(TxOutput.newBuilder().setValue(change.value()).setLock(Scripts.standardLock(change.owner())))
            .build();
        last = BlockHeader.newBuilder().setChainId(StoreFixture.CHAIN_ID).setHeight(h)
            .setPrevHash(Blocks.hash(last)).setTimestampMs(StoreFixture.GENESIS_TIME_MS + h * 1_000L)
            .setProposer(owners.get(0))
            .setTicket(Ticket.newBuilder().setOwner(owners.get(0)).setQ(ByteString.copyFrom(new byte[64]))
                .setSig(ByteString.copyFrom(new byte[64])))
            .build();
        blocks.add(CertifiedBlock.newBuilder().setBlock(Block.newBuilder().setHeader(last).addTransactions(tx)).build());
        deltas.add(new UtxoDelta(List.of(carried), List.of(paid, change)));
        carried = change;
        expectedOutputs++;
        if (blocks.size() == BLOCKS_PER_WRITE) {
          store.append(blocks, deltas);
          blocks.clear();
          deltas.clear();
        }
      }
    }

    long start = System.nanoTime();
    ChainState restored;
    try (ChainStore store = ChainStore.open(dir)) {
      restored = store.restore(f.genesis, new ChainCaches());
      restored.nextSenate();
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.printf("restart from %,d blocks and %,d outputs: %d ms (open, verify, restore, first draw)%n",
        BLOCKS, restored.utxos().size(), ms);

    assertEquals(BLOCKS, restored.tip().height());
    assertEquals(Blocks.hash(last), restored.tip().hash());
    assertEquals(expectedOutputs, restored.utxos().size());
    assertTrue(ms < 5_000, "restart took " + ms + " ms");
  }
}
