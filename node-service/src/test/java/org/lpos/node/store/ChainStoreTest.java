package org.lpos.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.lottery.StakeSnapshots;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Lottery;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/**
 * The chain store keeps what was appended across a reopen, writes a step all or nothing, and
 * refuses to open (or restore) a damaged or truncated store with a message that names the column
 * family and the key or height.
 */
class ChainStoreTest {
  @Test
  void blocksOutputsAndHeadSurviveAReopen(@TempDir Path dir) throws IOException {
    StoreFixture f = new StoreFixture();
    try (ChainStore store = ChainStore.open(dir)) {
      assertTrue(store.isEmpty());
      store.initialize(f.genesis, List.of(), f.state);
      f.grow();
      store.append(f.blocks.subList(0, 1), f.deltas.subList(0, 1));
      f.grow();
      f.grow();
      store.append(f.blocks.subList(1, 3), f.deltas.subList(1, 3));
    }
    try (ChainStore store = ChainStore.open(dir)) {
      assertFalse(store.isEmpty());
      assertEquals(3, store.lastHeight());
      assertEquals(f.genesis, store.block(0).orElseThrow().getBlock());
      for (int h = 1; h <= 3; h++) {
        assertEquals(f.blocks.get(h - 1), store.block(h).orElseThrow());
        assertEquals(OptionalLong.of(h), store.heightOf(Blocks.hash(f.blocks.get(h - 1).getBlock())));
      }
      ChainState restored = store.restore(f.genesis, new ChainCaches());
      assertEquals(f.state.tip(), restored.tip());
      assertEquals(f.outputs(), outputsOf(restored));
      assertEquals(f.state.nextSenate(), restored.nextSenate());
      assertTrue(store.block(4).isEmpty());
    }
  }

  @Test
  void aFailureInTheMiddleOfABatchLeavesThePreviousState(@TempDir Path dir) throws IOException {
    StoreFixture f = new StoreFixture();
    try (ChainStore store = ChainStore.open(dir)) {
      store.initialize(f.genesis, List.of(), f.state);
      f.grow();
      store.append(f.blocks, f.deltas);
    }
    List<Utxo> before = f.outputs();
    f.grow();
    // The block and its hash are in the batch, the spent output deleted: fail before the new outputs.
    ChainStore.BatchObserver failOnCreatedOutput = (family, key) -> {
      if (family.equals(ChainStore.UTXOS) && key.length > 0 && isCreatedBy(f, key)) {
        throw new IllegalStateException("injected failure");
      }
    };
    try (ChainStore store = ChainStore.open(dir, failOnCreatedOutput)) {
      assertThrows(IllegalStateException.class, () -> store.append(f.blocks.subList(1, 2), f.deltas.subList(1, 2)));
      assertEquals(1, store.lastHeight(), "the head did not move");
      assertTrue(store.block(2).isEmpty());
    }
    try (ChainStore store = ChainStore.open(dir)) {
      assertEquals(1, store.lastHeight());
      assertTrue(store.heightOf(Blocks.hash(f.blocks.get(1).getBlock())).isEmpty(), "no trace of the failed block");
      assertEquals(before, outputsOf(store.restore(f.genesis, new ChainCaches())), "the spent output is still there");
      store.append(f.blocks.subList(1, 2), f.deltas.subList(1, 2));
      assertEquals(f.outputs(), outputsOf(store.restore(f.genesis, new ChainCaches())));
    }
  }

  @Test
  void aDamagedBlockIsReportedAtOpenWithItsHeight(@TempDir Path dir) throws Exception {
    storeWithBlocks(dir, 3);
    edit(dir, ChainStore.BLOCKS, db -> flipLastByte(db, StoreCodec.heightKey(2)));
    StoreCorruptedException e = assertThrows(StoreCorruptedException.class, () -> ChainStore.open(dir));
    assertEquals("column family blocks, height 2: checksum mismatch (value damaged or truncated)", e.getMessage());
  }

  @Test
  void aMissingBlockOrATruncatedTailIsReported(@TempDir Path dir) throws Exception {
    storeWithBlocks(dir, 3);
    edit(dir, ChainStore.BLOCKS, db -> db.delete(StoreCodec.heightKey(3)));
    StoreCorruptedException tail = assertThrows(StoreCorruptedException.class, () -> ChainStore.open(dir));
    assertEquals("column family blocks ends at height 2 but the head is at height 3 (truncated)", tail.getMessage());
    edit(dir, ChainStore.BLOCKS, db -> db.delete(StoreCodec.heightKey(1)));
    StoreCorruptedException gap = assertThrows(StoreCorruptedException.class, () -> ChainStore.open(dir));
    assertEquals("column family blocks: height 1 is missing (the next stored height is 2)", gap.getMessage());
  }

  @Test
  void aDamagedHeadIsReported(@TempDir Path dir) throws Exception {
    storeWithBlocks(dir, 2);
    edit(dir, ChainStore.META, db -> flipLastByte(db, ChainStore.HEAD));
    StoreCorruptedException e = assertThrows(StoreCorruptedException.class, () -> ChainStore.open(dir));
    assertTrue(e.getMessage().startsWith("column family meta, key head: checksum mismatch"), e.getMessage());
  }

  @Test
  void aDamagedOrMissingOutputIsReportedAtRestore(@TempDir Path dir) throws Exception {
    StoreFixture f = storeWithBlocks(dir, 3);
    byte[] first = StoreCodec.utxoKey(f.outputs().get(0).key());
    edit(dir, ChainStore.UTXOS, db -> flipLastByte(db, first));
    try (ChainStore store = ChainStore.open(dir)) {
      StoreCorruptedException e = assertThrows(StoreCorruptedException.class, () -> store.restore(f.genesis, new ChainCaches()));
      assertTrue(e.getMessage().startsWith("column family utxos, output ") && e.getMessage().contains("checksum mismatch"),
          e.getMessage());
    }
    edit(dir, ChainStore.UTXOS, db -> db.delete(first));
    try (ChainStore store = ChainStore.open(dir)) {
      StoreCorruptedException e = assertThrows(StoreCorruptedException.class, () -> store.restore(f.genesis, new ChainCaches()));
      assertEquals("column family utxos holds " + (f.outputs().size() - 1) + " outputs but the head at height 3 records "
          + f.outputs().size(), e.getMessage());
    }
  }

  @Test
  void aStoreOfAnotherChainIsRefused(@TempDir Path dir) throws Exception {
    storeWithBlocks(dir, 1);
    StoreFixture other = new StoreFixture();
    Block otherGenesis = other.genesis.toBuilder()
        .setHeader(other.genesis.getHeader().toBuilder().setTimestampMs(StoreFixture.GENESIS_TIME_MS + 1)).build();
    try (ChainStore store = ChainStore.open(dir)) {
      IOException e = assertThrows(IOException.class, () -> store.restore(otherGenesis, new ChainCaches()));
      assertTrue(e.getMessage().contains("belongs to another chain"), e.getMessage());
    }
  }

  @Test
  void dataWithoutAHeadIsRefused(@TempDir Path dir) throws Exception {
    storeWithBlocks(dir, 1);
    edit(dir, ChainStore.META, db -> db.delete(ChainStore.HEAD));
    StoreCorruptedException e = assertThrows(StoreCorruptedException.class, () -> ChainStore.open(dir));
    assertEquals("column family meta has no head but column family blocks holds data", e.getMessage());
  }

  @Test
  void aVrfChainRestoredAnywhereDrawsTheSenatesOfOneThatNeverStopped(@TempDir Path dir) throws IOException {
    StoreFixture f = new StoreFixture(Lottery.LOTTERY_VRF);
    try (ChainStore store = ChainStore.open(dir)) {
      store.initialize(f.genesis, List.of(), f.state);
    }
    // Restart after every height: each restore must hold the window of D + 1 totals the next draws read.
    for (int h = 1; h <= StakeSnapshots.DELAY_BLOCKS + 3; h++) {
      try (ChainStore store = ChainStore.open(dir)) {
        ChainState restored = store.restore(f.genesis, new ChainCaches());
        assertEquals(f.state.tip(), restored.tip());
        assertEquals(f.state.stakeSnapshots(), restored.stakeSnapshots());
        assertEquals(f.state.nextSenate(), restored.nextSenate());
        CertifiedBlock next = f.grow();
        assertTrue(restored.apply(next) instanceof BlockOutcome.Valid, "the restored chain accepts block " + h);
        assertEquals(f.state.nextSenate(), restored.nextSenate());
        store.append(List.of(next), f.deltas.subList(h - 1, h));
      }
    }
  }

  @Test
  void aVrfChainWithoutItsStakeWindowIsRefused(@TempDir Path dir) throws Exception {
    StoreFixture f = new StoreFixture(Lottery.LOTTERY_VRF);
    try (ChainStore store = ChainStore.open(dir)) {
      store.initialize(f.genesis, List.of(), f.state);
      f.grow();
      store.append(f.blocks, f.deltas);
    }
    edit(dir, ChainStore.META, db -> db.delete(ChainStore.STAKE));
    try (ChainStore store = ChainStore.open(dir)) {
      StoreCorruptedException e = assertThrows(StoreCorruptedException.class,
          () -> store.restore(f.genesis, new ChainCaches()));
      assertEquals("column family meta: a VRF chain's stake snapshots are missing", e.getMessage());
    }
  }

  private static StoreFixture storeWithBlocks(Path dir, int count) throws IOException {
    StoreFixture f = new StoreFixture();
    try (ChainStore store = ChainStore.open(dir)) {
      store.initialize(f.genesis, List.of(), f.state);
      for (int i = 0; i < count; i++) {
        f.grow();
        store.append(f.blocks.subList(i, i + 1), f.deltas.subList(i, i + 1));
      }
    }
    return f;
  }

  private static boolean isCreatedBy(StoreFixture f, byte[] key) {
    for (Utxo u : f.deltas.get(f.deltas.size() - 1).created()) {
      if (Arrays.equals(StoreCodec.utxoKey(u.key()), key)) {
        return true;
      }
    }
    return false;
  }

  private static List<Utxo> outputsOf(ChainState state) {
    List<Utxo> all = new ArrayList<>();
    state.utxos().forEach(all::add);
    return all;
  }

  /** A raw handle on one column family of a closed store, to damage it as a disk would. */
  interface FamilyEdit {
    void apply(RawFamily family) throws RocksDBException;
  }

  record RawFamily(RocksDB db, ColumnFamilyHandle handle) {
    void delete(byte[] key) throws RocksDBException {
      db.delete(handle, key);
    }
  }

  private static void flipLastByte(RawFamily family, byte[] key) throws RocksDBException {
    byte[] value = family.db().get(family.handle(), key);
    value[value.length - 1] ^= 1;
    family.db().put(family.handle(), key, value);
  }

  private static void edit(Path dir, String family, FamilyEdit edit) throws RocksDBException {
    List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
    descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
    List<String> names = List.of(ChainStore.BLOCKS, ChainStore.HASHES, ChainStore.UTXOS, ChainStore.META);
    names.forEach(n -> descriptors.add(new ColumnFamilyDescriptor(n.getBytes(StandardCharsets.US_ASCII))));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    try (DBOptions options = new DBOptions(); RocksDB db = RocksDB.open(options, dir.toString(), descriptors, handles)) {
      try {
        edit.apply(new RawFamily(db, handles.get(1 + names.indexOf(family))));
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
      }
    }
  }
}
