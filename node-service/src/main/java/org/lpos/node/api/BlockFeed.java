package org.lpos.node.api;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.lpos.chain.model.Blocks;
import org.lpos.node.consensus.BlockArchive;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.WatchBlocksResponse;

/**
 * The WatchBlocks streams of a node. The driver hands each committed block to {@link #publish},
 * which builds its response once and queues a reference to it with every watcher (constant work
 * per watcher on the consensus thread); each watcher sends from its own queue and from the block
 * archive on the API's threads, paced by its transport's readiness ({@link BlockWatcher}).
 *
 * <p>At most {@link ApiLimits#maxWatchers} streams are open, at most
 * {@link ApiLimits#maxWatchersPerAddress} from one IP address; a watcher whose queue outgrows its
 * bounds (it does not read) is ended with RESOURCE_EXHAUSTED.
 */
public final class BlockFeed {
  /** Most past blocks a WatchBlocks stream replays; older ones are read with GetBlock. */
  static final int MAX_BACKLOG = 1_000;

  private final ApiLimits limits;
  private final BlockArchive archive;
  private final Executor executor;
  private final Set<BlockWatcher> watchers = ConcurrentHashMap.newKeySet();
  private final Map<InetAddress, Integer> perAddress = new HashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong overflowed = new AtomicLong();
  private int open;
  private boolean closed;

  /** A feed serving blocks of {@code archive}, sending on {@code executor}'s threads. */
  public BlockFeed(ApiLimits limits, BlockArchive archive, Executor executor) {
    this.limits = limits;
    this.archive = archive;
    this.executor = executor;
  }

  static WatchBlocksResponse response(CertifiedBlock block) {
    return WatchBlocksResponse.newBuilder().setBlock(block).setHash(Blocks.hash(block.getBlock())).build();
  }

  /** WatchBlocks streams open now. */
  public int watchers() {
    return watchers.size();
  }

  /** WatchBlocks streams refused by the node-wide or per-address cap. */
  public long refusedWatchers() {
    return refused.get();
  }

  /** WatchBlocks streams ended because their queue overflowed (they did not read). */
  public long overflowedWatchers() {
    return overflowed.get();
  }

  /**
   * Starts a stream for a caller at {@code address} (null if unknown) from {@code fromHeight}
   * (0 = new blocks only), or ends it with RESOURCE_EXHAUSTED when the caps are reached. Called
   * from the call's handler, where gRPC lets the stream's callbacks be set.
   */
  void watch(ServerCallStreamObserver<WatchBlocksResponse> stream, InetAddress address, long fromHeight) {
    String refusal = admit(address);
    if (refusal != null) {
      refused.incrementAndGet();
      stream.onError(Status.RESOURCE_EXHAUSTED.withDescription(refusal).asRuntimeException());
      return;
    }
    BlockWatcher watcher = new BlockWatcher(stream, archive, executor, limits, w -> {
      watchers.remove(w);
      release(address);
    }, overflowed::incrementAndGet);
    // Subscribed before the archive's height is read: a block committed in between is then both
    // queued and in the archive, and the watcher sends it once, by height.
    watchers.add(watcher);
    long tip = archive.lastHeight();
    long next = fromHeight == 0 ? tip + 1 : Math.max(fromHeight, tip - MAX_BACKLOG + 1);
    watcher.start(next);
  }

  /** Queues a committed block with every watcher (on the driver thread; constant work per watcher). */
  public void publish(CertifiedBlock block) {
    if (watchers.isEmpty()) {
      return;
    }
    WatchBlocksResponse r = response(block);
    BlockWatcher.Queued queued = new BlockWatcher.Queued(block.getBlock().getHeader().getHeight(), r,
        r.getSerializedSize());
    for (BlockWatcher w : watchers) {
      w.offer(queued);
    }
  }

  /** Ends every stream (shutdown) and refuses new ones. */
  public void close() {
    synchronized (this) {
      closed = true;
    }
    for (BlockWatcher w : watchers) {
      w.finish();
    }
  }

  private synchronized String admit(InetAddress address) {
    if (closed) {
      return "the node is stopping";
    }
    if (open >= limits.maxWatchers()) {
      return "the node serves " + limits.maxWatchers() + " WatchBlocks streams already";
    }
    int mine = address == null ? 0 : perAddress.getOrDefault(address, 0);
    if (address != null && mine >= limits.maxWatchersPerAddress()) {
      return "your address has " + limits.maxWatchersPerAddress() + " WatchBlocks streams already";
    }
    open++;
    if (address != null) {
      perAddress.put(address, mine + 1);
    }
    return null;
  }

  private synchronized void release(InetAddress address) {
    open--;
    if (address != null) {
      perAddress.computeIfPresent(address, (a, n) -> n == 1 ? null : n - 1);
    }
  }
}
