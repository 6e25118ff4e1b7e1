package org.lpos.node.net;

import org.lpos.node.consensus.FrameLimits;
import org.lpos.proto.v1.ChainParams;

/**
 * The largest peer frame a chain can legitimately need, which is the maximum inbound message
 * size of the node's server and of its dialled channels: anything larger is refused by gRPC
 * before it is buffered whole (RESOURCE_EXHAUSTED on that stream only).
 *
 * <p>The core splits every batch (transactions, a handed-over pool, catch-up responses) into
 * frames of at most {@link FrameLimits#MAX_FRAME_BYTES}; the only larger frames carry one block
 * (a proposal, a gossiped block, a one-block response). So the limit is the larger of one largest
 * block and one batch frame, plus {@link #MARGIN_BYTES} for the certificate, the proposal's
 * ticket and signature, and the envelope. For a chain of 4 MiB blocks this is 4 MiB + 64 KiB.
 */
public final class FrameLimit {
  /** Certificates (a signature per seat), the proposal's ticket and signature, the envelope. */
  public static final int MARGIN_BYTES = 64 << 10;
  /** The block size assumed when the chain sets none (max_block_bytes = 0). */
  public static final int UNLIMITED_BLOCK_BYTES = 16 << 20;
  /** The frame limit of a chain of 4 MiB blocks (the shipped chains). */
  public static final int DEFAULT_FRAME_BYTES = forMaxBlockBytes(4 << 20);

  private FrameLimit() {}

  /** The frame limit for {@code params}. */
  public static int forChain(ChainParams params) {
    return forMaxBlockBytes(params.getMaxBlockBytes() == 0 ? UNLIMITED_BLOCK_BYTES : params.getMaxBlockBytes());
  }

  /** The frame limit for blocks of at most {@code maxBlockBytes}. */
  public static int forMaxBlockBytes(int maxBlockBytes) {
    long largest = (long) Math.max(maxBlockBytes, FrameLimits.MAX_FRAME_BYTES) + MARGIN_BYTES;
    return (int) Math.min(Integer.MAX_VALUE - 8, largest);
  }
}
