package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.lpos.chain.model.Blocks;
import org.lpos.proto.v1.BlockRequest;
import org.lpos.proto.v1.BlockResponse;
import org.lpos.proto.v1.CertifiedBlock;

/**
 * The blocks a node committed: those the shell persisted, read from the {@link BlockArchive}, and
 * in memory those committed since, until the shell has persisted them too.
 */
final class CommittedBlocks {
  private final BlockArchive archive;
  private final List<CertifiedBlock> recent = new ArrayList<>();

  CommittedBlocks(BlockArchive archive) {
    this.archive = archive;
  }

  /** Keeps a block just committed, until the shell persists it. */
  void add(CertifiedBlock cb) {
    recent.add(cb);
  }

  /**
   * Drops from memory the blocks the shell has persisted since (it persists each step's blocks
   * before the next step), so memory holds only what the archive does not.
   */
  void forgetPersisted() {
    long persisted = archive.lastHeight();
    while (!recent.isEmpty() && recent.get(0).getBlock().getHeader().getHeight() <= persisted) {
      recent.remove(0);
    }
  }

  /** The committed block at {@code height}, from the archive or from memory. */
  Optional<CertifiedBlock> block(long height) {
    if (height <= archive.lastHeight()) {
      return archive.block(height);
    }
    if (recent.isEmpty()) {
      return Optional.empty();
    }
    long index = height - recent.get(0).getBlock().getHeader().getHeight();
    return index >= 0 && index < recent.size() ? Optional.of(recent.get((int) index)) : Optional.empty();
  }

  /** The committed block whose hash is {@code hash}, if any. */
  Optional<CertifiedBlock> block(ByteString hash) {
    OptionalLong h = archive.heightOf(hash);
    if (h.isPresent()) {
      return archive.block(h.getAsLong());
    }
    return recent.stream().filter(cb -> Blocks.hash(cb.getBlock()).equals(hash)).findFirst();
  }

  /** The committed blocks from height 1 to {@code tipHeight} that this node has, in height order. */
  List<CertifiedBlock> upTo(long tipHeight) {
    List<CertifiedBlock> all = new ArrayList<>();
    for (long h = 1; h <= tipHeight; h++) {
      block(h).ifPresent(all::add);
    }
    return all;
  }

  /**
   * The answer to {@code request}: the blocks asked for up to {@code tipHeight}, at most
   * {@code maxCount}, as many as fit one frame ({@link FrameLimits}): at least one, and
   * {@code more} set when the frame, not the chain, ended the answer, so the requester asks again
   * rather than doubt the claim.
   */
  BlockResponse answer(BlockRequest request, int maxCount, long tipHeight) {
    long first = Math.max(1, request.getFromHeight());
    long last = Math.min(first + Math.min(Integer.toUnsignedLong(request.getCount()), maxCount) - 1, tipHeight);
    BlockResponse.Builder response = BlockResponse.newBuilder();
    long bytes = 0;
    for (long h = first; h <= last; h++) {
      Optional<CertifiedBlock> cb = block(h);
      if (cb.isEmpty()) {
        break;
      }
      int cost = CodedOutputStream.computeMessageSize(BlockResponse.BLOCKS_FIELD_NUMBER, cb.get());
      if (response.getBlocksCount() > 0 && bytes + cost > FrameLimits.MAX_BATCH_CONTENT_BYTES) {
        response.setMore(true);
        break;
      }
      response.addBlocks(cb.get());
      bytes += cost;
    }
    return response.build();
  }
}
