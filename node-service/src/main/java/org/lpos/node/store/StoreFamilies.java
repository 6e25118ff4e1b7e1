package org.lpos.node.store;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.CertifiedBlock;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * The open RocksDB of a {@link ChainStore}: its column families ({@link ChainStore#BLOCKS},
 * {@link ChainStore#HASHES}, {@link ChainStore#UTXOS}, {@link ChainStore#META}), reads that check
 * each value's CRC32C and batched puts that add it. Not thread-safe to close: the store's
 * lifecycle lock keeps reads and writes away from {@link #close}.
 */
final class StoreFamilies {
  static {
    RocksDB.loadLibrary();
  }

  private final Path dir;
  private final ChainStore.BatchObserver observer;
  private final DBOptions options;
  private final ColumnFamilyOptions familyOptions;
  private final WriteOptions synced;
  private final List<ColumnFamilyHandle> handles = new ArrayList<>();
  private final RocksDB db;
  final ColumnFamilyHandle blocks;
  final ColumnFamilyHandle hashes;
  final ColumnFamilyHandle utxos;
  final ColumnFamilyHandle meta;

  /** Opens (or creates) the database in {@code dir}, with every family. */
  StoreFamilies(Path dir, ChainStore.BatchObserver observer) throws IOException {
    this.dir = dir;
    this.observer = observer;
    this.options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
    this.familyOptions = new ColumnFamilyOptions();
    this.synced = new WriteOptions().setSync(true);
    List<ColumnFamilyDescriptor> families = new ArrayList<>();
    families.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
    for (String name : List.of(ChainStore.BLOCKS, ChainStore.HASHES, ChainStore.UTXOS, ChainStore.META)) {
      families.add(new ColumnFamilyDescriptor(name.getBytes(StandardCharsets.US_ASCII), familyOptions));
    }
    try {
      this.db = RocksDB.open(options, dir.toString(), families, handles);
    } catch (RocksDBException e) {
      closeOptions();
      throw new IOException("cannot open the chain store in " + dir + ": " + e.getMessage(), e);
    }
    this.blocks = handles.get(1);
    this.hashes = handles.get(2);
    this.utxos = handles.get(3);
    this.meta = handles.get(4);
  }

  /** The directory, for messages. */
  Path dir() {
    return dir;
  }

  /** An iterator over {@code family}; the caller closes it. */
  RocksIterator iterator(ColumnFamilyHandle family) {
    return db.newIterator(family);
  }

  /** Whether {@code family} holds nothing. */
  boolean isEmpty(ColumnFamilyHandle family) {
    try (RocksIterator it = db.newIterator(family)) {
      it.seekToFirst();
      return !it.isValid();
    }
  }

  /** The certified block at {@code height}, which must be there. */
  CertifiedBlock readBlock(long height) throws IOException {
    byte[] payload = read(blocks, ChainStore.BLOCKS, StoreCodec.heightKey(height), "height " + height)
        .orElseThrow(() -> new StoreCorruptedException("column family blocks: height " + height + " is missing"));
    try {
      return CertifiedBlock.parseFrom(payload);
    } catch (InvalidProtocolBufferException e) {
      throw new StoreCorruptedException("column family blocks, height " + height + ": not a certified block ("
          + e.getMessage() + ")");
    }
  }

  /** The value of {@code key} in {@code family} (named {@code name}), its checksum verified. */
  Optional<byte[]> read(ColumnFamilyHandle family, String name, byte[] key, String keyName) throws IOException {
    byte[] value;
    try {
      value = db.get(family, key);
    } catch (RocksDBException e) {
      throw new IOException("cannot read column family " + name + ", " + keyName + " in " + dir + ": "
          + e.getMessage(), e);
    }
    return value == null ? Optional.empty() : Optional.of(ChecksummedValue.unwrap(name, key, keyName, value));
  }

  /** Adds a certified block, by height and by hash, to {@code batch}. */
  void putBlock(WriteBatch batch, CertifiedBlock cb) throws RocksDBException {
    long h = cb.getBlock().getHeader().getHeight();
    put(batch, blocks, ChainStore.BLOCKS, StoreCodec.heightKey(h), cb.toByteArray());
    put(batch, hashes, ChainStore.HASHES, Blocks.hash(cb.getBlock()).toByteArray(), StoreCodec.heightKey(h));
  }

  /** Adds an unspent output to {@code batch}. */
  void putUtxo(WriteBatch batch, Utxo u) throws RocksDBException {
    byte[] owner = u.owner().toByteArray();
    put(batch, utxos, ChainStore.UTXOS, StoreCodec.utxoKey(u.key()),
        ByteBuffer.allocate(Long.BYTES + owner.length).putLong(u.value()).put(owner).array());
  }

  /** Adds a spent output's deletion to {@code batch}. */
  void deleteUtxo(WriteBatch batch, byte[] key) throws RocksDBException {
    observer.onChange(ChainStore.UTXOS, key);
    batch.delete(utxos, key);
  }

  /** Adds {@code payload}, with its checksum, under {@code key} of {@code family} to {@code batch}. */
  void put(WriteBatch batch, ColumnFamilyHandle family, String name, byte[] key, byte[] payload)
      throws RocksDBException {
    observer.onChange(name, key);
    batch.put(family, key, ChecksummedValue.wrap(name, key, payload));
  }

  /** Writes {@code batch} and syncs it to disk. */
  void write(WriteBatch batch) throws RocksDBException {
    db.write(synced, batch);
  }

  /** Frees the handles and the database. */
  void close() {
    handles.forEach(ColumnFamilyHandle::close);
    db.close();
    closeOptions();
  }

  private void closeOptions() {
    synced.close();
    familyOptions.close();
    options.close();
  }
}
