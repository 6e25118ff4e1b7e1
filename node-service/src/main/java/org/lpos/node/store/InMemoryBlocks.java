package org.lpos.node.store;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.lpos.chain.model.Blocks;
import org.lpos.node.consensus.BlockArchive;
import org.lpos.node.consensus.Ready;
import org.lpos.proto.v1.CertifiedBlock;

/**
 * The block archive of a node without a data directory: in memory, appended by the driver and
 * read by any thread (the Node API serves blocks from here without asking the consensus thread).
 * A block is stored before the height that makes it visible is published, so a reader never sees
 * a height whose block is missing. (The simulator's {@link org.lpos.node.consensus.MemoryBlockArchive}
 * has one thread and needs none of this.)
 */
public final class InMemoryBlocks implements BlockArchive {
  private final Map<Long, CertifiedBlock> blocks = new ConcurrentHashMap<>();
  private final Map<ByteString, Long> heights = new ConcurrentHashMap<>();
  private volatile long lastHeight;

  /** Appends the next block; fails fast if it is not the next height. */
  public void append(CertifiedBlock block) {
    long h = block.getBlock().getHeader().getHeight();
    if (h != lastHeight + 1) {
      throw new IllegalStateException("archive holds " + lastHeight + " blocks, cannot append height " + h);
    }
    blocks.put(h, block);
    heights.put(Blocks.hash(block.getBlock()), h);
    lastHeight = h;
  }

  /** Appends every block a step committed, in order. */
  public void append(Ready ready) {
    ready.committed().forEach(this::append);
  }

  @Override
  public long lastHeight() {
    return lastHeight;
  }

  @Override
  public Optional<CertifiedBlock> block(long height) {
    return height >= 1 && height <= lastHeight ? Optional.ofNullable(blocks.get(height)) : Optional.empty();
  }

  @Override
  public OptionalLong heightOf(ByteString hash) {
    Long h = heights.get(hash);
    return h == null || h > lastHeight ? OptionalLong.empty() : OptionalLong.of(h);
  }
}
