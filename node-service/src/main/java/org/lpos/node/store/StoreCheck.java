package org.lpos.node.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.model.Blocks;
import org.lpos.proto.v1.CertifiedBlock;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * The checks a {@link ChainStore} runs when it opens: a store without a head holds nothing; a
 * head names the top block, which is there with the head's hash and indexed by it; and every
 * height from genesis to the head is present once with a valid checksum. A store that fails is
 * refused with a {@link StoreCorruptedException} naming what is wrong.
 */
final class StoreCheck {
  private StoreCheck() {}

  /** The head of the store, checked against its blocks; null for an empty store (with no data at all). */
  static StoreCodec.Head verify(StoreFamilies f) throws IOException {
    Optional<byte[]> stored = f.read(f.meta, ChainStore.META, ChainStore.HEAD, "key head");
    if (stored.isEmpty()) {
      List<ColumnFamilyHandle> families = List.of(f.blocks, f.hashes, f.utxos);
      List<String> names = List.of(ChainStore.BLOCKS, ChainStore.HASHES, ChainStore.UTXOS);
      for (int i = 0; i < families.size(); i++) {
        if (!f.isEmpty(families.get(i))) {
          throw new StoreCorruptedException("column family meta has no head but column family "
              + names.get(i) + " holds data");
        }
      }
      return null;
    }
    StoreCodec.Head h = StoreCodec.decodeHead(stored.get());
    verifyBlocks(f, h);
    CertifiedBlock top = f.readBlock(h.height());
    if (!Blocks.hash(top.getBlock()).equals(h.hash())) {
      throw new StoreCorruptedException("column family blocks, height " + h.height()
          + ": the block's hash is not the head's " + Hex.shortForm(h.hash()));
    }
    Optional<byte[]> indexed = f.read(f.hashes, ChainStore.HASHES, h.hash().toByteArray(), "hash " + Hex.shortForm(h.hash()));
    if (indexed.isEmpty() || ByteBuffer.wrap(indexed.get()).getLong() != h.height()) {
      throw new StoreCorruptedException("column family block_hashes: the head's hash "
          + Hex.shortForm(h.hash()) + " does not map to height " + h.height());
    }
    return h;
  }

  /** Every height from 0 to the head is present once, and every block passes its checksum. */
  private static void verifyBlocks(StoreFamilies f, StoreCodec.Head h) throws IOException {
    long expected = 0;
    try (RocksIterator it = f.iterator(f.blocks)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        byte[] key = it.key();
        if (key.length != Long.BYTES) {
          throw new StoreCorruptedException("column family blocks: a key of " + key.length + " bytes is not a height");
        }
        long height = ByteBuffer.wrap(key).getLong();
        if (height != expected) {
          throw new StoreCorruptedException("column family blocks: height " + expected
              + " is missing (the next stored height is " + height + ")");
        }
        ChecksummedValue.unwrap(ChainStore.BLOCKS, key, "height " + height, it.value());
        expected++;
      }
      it.status();
    } catch (RocksDBException e) {
      throw new IOException("cannot read the chain store in " + f.dir() + ": " + e.getMessage(), e);
    }
    if (expected - 1 < h.height()) {
      throw new StoreCorruptedException("column family blocks ends at height " + (expected - 1)
          + " but the head is at height " + h.height() + " (truncated)");
    }
    if (expected - 1 > h.height()) {
      throw new StoreCorruptedException("column family blocks holds blocks up to height " + (expected - 1)
          + " above the head at height " + h.height());
    }
  }
}
