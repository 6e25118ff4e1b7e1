package org.lpos.chain.model;

import com.google.protobuf.CodedOutputStream;
import java.util.List;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.Transaction;

/**
 * The exact encoded size of a block from its parts: each field of {@code Block} costs its tag,
 * its length prefix and its message, so a transaction of n bytes adds 1 + varint(n) + n bytes
 * (2 or 3 of overhead for any legal size), not n. A proposer that adds up these costs gets
 * {@code Block.getSerializedSize()} without building the block.
 */
public final class BlockSizes {
  private BlockSizes() {}

  /** Bytes the header adds to its block. */
  public static int headerField(BlockHeader header) {
    return CodedOutputStream.computeMessageSize(Block.HEADER_FIELD_NUMBER, header);
  }

  /** Bytes {@code tx} adds to a block that holds it. */
  public static int transactionField(Transaction tx) {
    return CodedOutputStream.computeMessageSize(Block.TRANSACTIONS_FIELD_NUMBER, tx);
  }

  /** The encoded size of the block made of {@code header} and {@code transactions}. */
  public static long of(BlockHeader header, List<Transaction> transactions) {
    long size = headerField(header);
    for (Transaction tx : transactions) {
      size += transactionField(tx);
    }
    return size;
  }
}
