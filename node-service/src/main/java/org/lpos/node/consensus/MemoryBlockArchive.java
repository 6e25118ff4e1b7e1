package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.lpos.chain.model.Blocks;
import org.lpos.proto.v1.CertifiedBlock;

/**
 * A {@link BlockArchive} in memory: what the simulator's nodes "persist" (it survives their
 * simulated crashes) and what a node without a data directory keeps.
 */
public final class MemoryBlockArchive implements BlockArchive {
  private final List<CertifiedBlock> blocks = new ArrayList<>();
  private final Map<ByteString, Long> heights = new HashMap<>();

  /** Appends the next block; fails fast if it is not the next height. */
  public void append(CertifiedBlock block) {
    long h = block.getBlock().getHeader().getHeight();
    if (h != blocks.size() + 1) {
      throw new IllegalStateException("archive holds " + blocks.size() + " blocks, cannot append height " + h);
    }
    blocks.add(block);
    heights.put(Blocks.hash(block.getBlock()), h);
  }

  /** Appends every block a step committed, in order. */
  public void append(Ready ready) {
    ready.committed().forEach(this::append);
  }

  @Override
  public long lastHeight() {
    return blocks.size();
  }

  @Override
  public Optional<CertifiedBlock> block(long height) {
    return height >= 1 && height <= blocks.size() ? Optional.of(blocks.get((int) (height - 1))) : Optional.empty();
  }

  @Override
  public OptionalLong heightOf(ByteString hash) {
    Long h = heights.get(hash);
    return h == null ? OptionalLong.empty() : OptionalLong.of(h);
  }
}
