package org.lpos.chain.model;

import com.google.protobuf.ByteString;
import java.util.Comparator;
import org.lpos.chain.crypto.Hex;
import org.lpos.proto.v1.OutputRef;

/**
 * The identity of an output: the id of the transaction that created it and its index. Ordered by
 * tx id as unsigned bytes, then index, which is the order of the senate draw (PROTOCOL §5).
 */
public record OutputKey(ByteString txId, int index) implements Comparable<OutputKey> {
  private static final Comparator<ByteString> UNSIGNED = ByteString.unsignedLexicographicalComparator();

  /** Validates the components. */
  public OutputKey {
    if (txId == null) {
      throw new IllegalArgumentException("tx id is required");
    }
    if (index < 0) {
      throw new IllegalArgumentException("output index must be non-negative: " + index);
    }
  }

  /** The key named by a protobuf reference (its index read as unsigned). */
  public static OutputKey of(OutputRef ref) {
    return new OutputKey(ref.getTxId(), ref.getIndex());
  }

  /** The protobuf reference to this output. */
  public OutputRef toProto() {
    return OutputRef.newBuilder().setTxId(txId).setIndex(index).build();
  }

  @Override
  public int compareTo(OutputKey other) {
    int c = UNSIGNED.compare(txId, other.txId);
    return c != 0 ? c : Integer.compare(index, other.index);
  }

  @Override
  public String toString() {
    return Hex.shortForm(txId) + ":" + index;
  }
}
