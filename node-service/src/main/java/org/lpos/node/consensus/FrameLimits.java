package org.lpos.node.consensus;

import com.google.protobuf.CodedOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TransactionBatch;

/**
 * The size of the frames the core emits (PROTOCOL §8, "Frames"). Every batch (transactions to the
 * senate, a pool handed to the next senate, blocks answering a catch-up request) is split by bytes
 * so that its {@code PeerEnvelope} is at most {@link #MAX_FRAME_BYTES}; the one exception is a
 * catch-up response of a single block larger than that, which goes alone (a block cannot be
 * split; its size is bounded by the chain's {@code max_block_bytes} plus its certificate, and so
 * are proposals and gossiped blocks).
 *
 * <p>Why 1 MiB: a node's maximum inbound message is the largest legal block plus a margin (4 MiB
 * and more on the shipped chains), and a batch must never be what kills a stream; 1 MiB is a
 * quarter of that, still holds 15 transactions of the default maximum size (and one of the
 * ceiling, {@code TransactionLimits.CEILING_BYTES}), and keeps the unit of outbound backpressure small.
 */
public final class FrameLimits {
  /** Serialized bytes of one batch frame ({@code PeerEnvelope}) at most: 1 MiB. */
  public static final int MAX_FRAME_BYTES = 1 << 20;
  /**
   * What wraps a batch's items, at most: the tag and length of the batch inside the
   * {@code PeerMessage}, of the message inside the {@code PeerEnvelope} (1 + 5 bytes each), and
   * of a response's {@code more} flag (2 bytes).
   */
  static final int WRAPPING_BYTES = 16;
  /** Bytes of items one batch frame carries at most. */
  static final int MAX_BATCH_CONTENT_BYTES = MAX_FRAME_BYTES - WRAPPING_BYTES;

  private FrameLimits() {}

  /** {@code txs} in order, as transaction batches each within {@link #MAX_FRAME_BYTES}. */
  static List<PeerMessage> transactionBatches(List<Transaction> txs) {
    List<PeerMessage> frames = new ArrayList<>();
    TransactionBatch.Builder batch = TransactionBatch.newBuilder();
    long bytes = 0;
    for (Transaction tx : txs) {
      int cost = CodedOutputStream.computeMessageSize(TransactionBatch.TRANSACTIONS_FIELD_NUMBER, tx);
      if (batch.getTransactionsCount() > 0 && bytes + cost > MAX_BATCH_CONTENT_BYTES) {
        frames.add(PeerMessage.newBuilder().setTransactions(batch).build());
        batch = TransactionBatch.newBuilder();
        bytes = 0;
      }
      batch.addTransactions(tx);
      bytes += cost;
    }
    if (batch.getTransactionsCount() > 0) {
      frames.add(PeerMessage.newBuilder().setTransactions(batch).build());
    }
    return frames;
  }
}
