package org.lpos.chain.model;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import org.lpos.chain.crypto.Hashes;
import org.lpos.proto.v1.Transaction;

/**
 * The merkle root of PROTOCOL §4, as in the original: ids paired left to right, an odd last
 * element paired with itself, level by level; one id is its own root; no ids give 32 zero bytes.
 */
public final class MerkleRoot {
  private MerkleRoot() {}

  /** The root over {@code ids}. */
  public static ByteString of(List<ByteString> ids) {
    if (ids.isEmpty()) {
      return Hashes.ZERO;
    }
    List<ByteString> level = ids;
    while (level.size() > 1) {
      List<ByteString> next = new ArrayList<>((level.size() + 1) / 2);
      for (int i = 0; i < level.size(); i += 2) {
        ByteString left = level.get(i);
        ByteString right = i + 1 < level.size() ? level.get(i + 1) : left;
        next.add(Hashes.hashPair(left, right));
      }
      level = next;
    }
    return level.get(0);
  }

  /** The root over the ids of {@code transactions}. */
  public static ByteString ofTransactions(List<Transaction> transactions) {
    List<ByteString> ids = new ArrayList<>(transactions.size());
    for (Transaction tx : transactions) {
      ids.add(Transactions.id(tx));
    }
    return of(ids);
  }

  /** The root over the ids of {@code transactions}, asked of a node's {@code txIds}. */
  public static ByteString ofTransactions(TransactionIds txIds, List<Transaction> transactions) {
    List<ByteString> ids = new ArrayList<>(transactions.size());
    for (Transaction tx : transactions) {
      ids.add(txIds.id(tx));
    }
    return of(ids);
  }
}
