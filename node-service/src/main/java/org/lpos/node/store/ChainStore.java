package org.lpos.node.store;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.block.ChainTip;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.ledger.InMemoryUtxoSet;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.lottery.SeedProofs;
import org.lpos.chain.lottery.StakeSnapshots;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.ChainCaches;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;
import org.lpos.node.consensus.BlockArchive;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Lottery;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * A node's durable chain in RocksDB: certified blocks by height (genesis at 0) and by hash, the
 * UTXO set after the last block, and the head (height, hash, timestamp, q, number of outputs).
 * The blocks a step committed, their UTXO changes and the new head go in one synced write batch,
 * so after a crash the store holds either all of a step or none of it. Every value carries a
 * CRC32C ({@link ChecksummedValue}); {@link #open} checks the head, the contiguity of the blocks
 * and every block's checksum, and {@link #restore} every output's, so a damaged or truncated
 * store stops the node with a message naming what is wrong instead of being served.
 *
 * <p>Restart cost is reading the UTXO set (the stake index is rebuilt from it in memory); no
 * block is replayed.
 *
 * <p>The driver appends while the Node API reads blocks from other threads (RocksDB reads are
 * thread-safe; the head is published after its batch is written). Using RocksDB handles after
 * they are freed crashes the JVM in native code, so reads and writes hold a shared lock that
 * {@link #close} takes exclusively, and fail with {@link IllegalStateException} once closed.
 * The database and its checksummed reads and writes are {@link StoreFamilies}; the checks at open
 * are {@link StoreCheck}.
 */
public final class ChainStore implements BlockArchive, AutoCloseable {
  static final String BLOCKS = "blocks";
  static final String HASHES = "block_hashes";
  static final String UTXOS = "utxos";
  static final String META = "meta";
  static final byte[] HEAD = "head".getBytes(StandardCharsets.US_ASCII);
  static final byte[] GENESIS = "genesis".getBytes(StandardCharsets.US_ASCII);
  /** A VRF chain's per-owner stake snapshots (PROTOCOL §6a), written with the head they belong to. */
  static final byte[] STAKE = "stake".getBytes(StandardCharsets.US_ASCII);

  /** Sees every put and delete of a batch before it is written (tests inject failures here). */
  interface BatchObserver {
    /** Called before {@code key} of {@code family} is added to the batch. */
    void onChange(String family, byte[] key);
  }

  private final Path dir;
  private final StoreFamilies families;
  private final ReentrantReadWriteLock lifecycle = new ReentrantReadWriteLock();
  private boolean closed;
  private volatile StoreCodec.Head head;
  /** The stake snapshots after the head on a VRF chain (null otherwise, and before restore). */
  private StakeSnapshots stake;

  private ChainStore(Path dir, BatchObserver observer) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir);
    refuseHeadlessStore(dir);
    this.families = new StoreFamilies(dir, observer);
    try {
      this.head = StoreCheck.verify(families);
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /**
   * RocksDB finds a database through its CURRENT file; without it, it would create an empty store
   * beside the old files and the node would silently start over.
   */
  private static void refuseHeadlessStore(Path dir) throws IOException {
    if (Files.exists(dir.resolve("CURRENT"))) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<String> names = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".sst") || n.endsWith(".log") || n.startsWith("MANIFEST-")).toList();
      if (!names.isEmpty()) {
        throw new StoreCorruptedException("the chain store in " + dir + " has data files (" + names.get(0)
            + ", ...) but no CURRENT file");
      }
    }
  }

  /** Opens (or creates) the store in {@code dir} and verifies it; a damaged store is refused. */
  public static ChainStore open(Path dir) throws IOException {
    return new ChainStore(dir, (family, key) -> { });
  }

  /** Opens the store with an observer of batch contents (for fault-injection tests). */
  static ChainStore open(Path dir, BatchObserver observer) throws IOException {
    return new ChainStore(dir, observer);
  }

  /** Whether the store holds no chain yet. */
  public boolean isEmpty() {
    return head == null;
  }

  /**
   * Writes a new chain: {@code genesis}, the certified blocks that follow it in the chain file,
   * and {@code state}, the chain state after them, in one synced batch.
   */
  public void initialize(Block genesis, List<CertifiedBlock> after, ChainState state) throws IOException {
    if (!isEmpty()) {
      throw new IllegalStateException("the store in " + dir + " already holds a chain");
    }
    List<CertifiedBlock> all = new ArrayList<>();
    all.add(CertifiedBlock.newBuilder().setBlock(genesis).build());
    all.addAll(after);
    if (state.tip().height() != after.size()) {
      throw new IllegalArgumentException("state at height " + state.tip().height() + " after " + after.size()
          + " blocks");
    }
    try (WriteBatch batch = new WriteBatch()) {
      for (CertifiedBlock cb : all) {
        families.putBlock(batch, cb);
      }
      List<Utxo> outputs = new ArrayList<>();
      state.utxos().forEach(outputs::add);
      for (Utxo u : outputs) {
        families.putUtxo(batch, u);
      }
      families.put(batch, families.meta, META, GENESIS, Blocks.hash(genesis.getHeader()).toByteArray());
      StoreCodec.Head next = new StoreCodec.Head(state.tip().height(), state.tip().hash(),
          state.tip().timestampMs(), state.tip().q(), outputs.size());
      families.put(batch, families.meta, META, HEAD, StoreCodec.encodeHead(next));
      StakeSnapshots nextStake = state.stakeSnapshots().orElse(null);
      if (nextStake != null) {
        families.put(batch, families.meta, META, STAKE, StoreCodec.encodeStake(nextStake));
      }
      families.write(batch);
      head = next;
      stake = nextStake;
    } catch (RocksDBException e) {
      throw new IOException("cannot write to the chain store in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Appends the blocks one step committed with their UTXO changes and moves the head, in one
   * synced batch: on return all of it is on disk; on failure none of it is, and the store is
   * unchanged. On a VRF chain the stake snapshots the next draws read go in the same batch.
   */
  public void append(List<CertifiedBlock> committed, List<UtxoDelta> deltas) throws IOException {
    if (committed.size() != deltas.size()) {
      throw new IllegalArgumentException(committed.size() + " blocks but " + deltas.size() + " deltas");
    }
    if (committed.isEmpty()) {
      return;
    }
    if (isEmpty()) {
      throw new IllegalStateException("the store in " + dir + " holds no chain to append to");
    }
    Hold using = use();
    long count = head.utxoCount();
    long expected = head.height() + 1;
    StakeSnapshots nextStake = stake;
    try (using; WriteBatch batch = new WriteBatch()) {
      for (int i = 0; i < committed.size(); i++) {
        CertifiedBlock cb = committed.get(i);
        long h = cb.getBlock().getHeader().getHeight();
        if (h != expected++) {
          throw new IllegalArgumentException("block " + h + " does not follow the stored head " + (expected - 2));
        }
        families.putBlock(batch, cb);
        UtxoDelta delta = deltas.get(i);
        for (OutputKey k : delta.spentKeys()) {
          families.deleteUtxo(batch, StoreCodec.utxoKey(k));
        }
        for (Utxo u : delta.created()) {
          families.putUtxo(batch, u);
        }
        count += delta.created().size() - delta.spent().size();
        nextStake = nextStake == null ? null : nextStake.after(delta);
      }
      BlockHeader last = committed.get(committed.size() - 1).getBlock().getHeader();
      StoreCodec.Head next = new StoreCodec.Head(last.getHeight(), Blocks.hash(last), last.getTimestampMs(),
          seedOf(last), count);
      families.put(batch, families.meta, META, HEAD, StoreCodec.encodeHead(next));
      if (nextStake != null) {
        families.put(batch, families.meta, META, STAKE, StoreCodec.encodeStake(nextStake));
      }
      families.write(batch);
      head = next;
      stake = nextStake;
    } catch (RocksDBException e) {
      throw new IOException("cannot write to the chain store in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The chain state after the head, read from the stored UTXO set (each output's checksum and
   * their number verified); {@code genesis} must be the genesis block the store was made with.
   * The state checks later blocks with {@code caches}, the node's own.
   */
  public ChainState restore(Block genesis, ChainCaches caches) throws IOException {
    if (isEmpty()) {
      throw new IllegalStateException("the store in " + dir + " holds no chain");
    }
    ByteString expected = Blocks.hash(genesis.getHeader());
    ByteString stored = ByteString.copyFrom(families.read(families.meta, META, GENESIS, "key genesis")
        .orElseThrow(() -> new StoreCorruptedException("column family meta: the genesis hash is missing")));
    if (!stored.equals(expected)) {
      throw new IOException("the chain store in " + dir + " belongs to another chain (genesis "
          + Hex.shortForm(stored) + ", this node's chain has " + Hex.shortForm(expected)
          + "); use another --data-dir or delete this one");
    }
    List<Utxo> outputs = new ArrayList<>();
    try (RocksIterator it = families.iterator(families.utxos)) {
      for (it.seekToFirst(); it.isValid(); it.next()) {
        outputs.add(StoreCodec.decodeUtxo(it.key(), it.value()));
      }
      it.status();
    } catch (RocksDBException e) {
      throw new IOException("cannot read the chain store in " + dir + ": " + e.getMessage(), e);
    }
    if (outputs.size() != head.utxoCount()) {
      throw new StoreCorruptedException("column family utxos holds " + outputs.size()
          + " outputs but the head at height " + head.height() + " records " + head.utxoCount());
    }
    ChainTip tip = new ChainTip(head.height(), head.hash(), head.timestampMs(), head.q());
    Optional<StakeSnapshots> snapshots = Optional.empty();
    if (genesis.getHeader().getParams().getLottery() == Lottery.LOTTERY_VRF) {
      snapshots = Optional.of(StoreCodec.decodeStake(families.read(families.meta, META, STAKE, "key stake")
          .orElseThrow(() -> new StoreCorruptedException("column family meta: a VRF chain's stake snapshots are missing"))));
    }
    ChainState state;
    try {
      state = ChainState.restore(genesis, tip, InMemoryUtxoSet.of(outputs), caches, snapshots, SeedProofs.ecvrf());
    } catch (IllegalArgumentException e) {
      throw new StoreCorruptedException("the chain store in " + dir + " does not restore: " + e.getMessage());
    }
    stake = snapshots.orElse(null);
    return state;
  }

  /**
   * The seed q of a committed block: its ticket's on a director chain, else its VRF output. The
   * store does not verify again what consensus verified: the head's q is only read back into the
   * tip, which the restored chain checks the next block's proof against.
   */
  private ByteString seedOf(BlockHeader h) {
    if (stake == null) {
      return h.getTicket().getQ();
    }
    return SeedProofs.ecvrf().outputOf(h.getVrfProof()).orElseThrow(() -> new IllegalArgumentException(
        "block " + h.getHeight() + " carries a malformed VRF proof"));
  }

  @Override
  public long lastHeight() {
    return head == null ? 0 : head.height();
  }

  @Override
  public Optional<CertifiedBlock> block(long height) {
    if (height < 0 || height > lastHeight()) {
      return Optional.empty();
    }
    try (Hold using = use()) {
      return Optional.of(families.readBlock(height));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public OptionalLong heightOf(ByteString hash) {
    try (Hold using = use()) {
      Optional<byte[]> h = families.read(families.hashes, HASHES, hash.toByteArray(), "hash " + Hex.shortForm(hash));
      long height = h.isEmpty() ? -1 : ByteBuffer.wrap(h.get()).getLong();
      // A block of a batch being written is not the store's until the head says so.
      return height < 0 || height > lastHeight() ? OptionalLong.empty() : OptionalLong.of(height);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    lifecycle.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (families != null) {
        families.close();
      }
    } finally {
      lifecycle.writeLock().unlock();
    }
  }

  /** A shared hold on the open handles, released by closing it. */
  private interface Hold extends AutoCloseable {
    @Override
    void close();
  }

  /** Takes a shared hold on the open handles; fails once the store is closed. */
  private Hold use() {
    ReentrantReadWriteLock.ReadLock shared = lifecycle.readLock();
    shared.lock();
    if (closed) {
      shared.unlock();
      throw new IllegalStateException("the chain store in " + dir + " is closed");
    }
    return shared::unlock;
  }

}
