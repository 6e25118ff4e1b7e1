package org.lpos.chain.model;

import com.google.protobuf.ByteString;
import org.lpos.proto.v1.Transaction;

/**
 * Transaction ids with a memory of the objects recently hashed, one per slot chosen by identity
 * hash. A node asks for the id of the same object several times between the pool and the commit
 * (validation, merkle root, pool eviction, metrics), and each answer costs a serialization and two
 * SHA-256. Each node owns one; small on purpose, since every object remembered here is kept from
 * being collected.
 */
public final class TransactionIds {
  private static final int SLOTS = 1 << 10;

  private final RememberedId[] ids = new RememberedId[SLOTS];

  /** A transaction object and its id; final fields, so a slot read by another thread is whole. */
  private record RememberedId(Transaction tx, ByteString id) {}

  /** The id of {@code tx}, as {@link Transactions#id}. */
  public ByteString id(Transaction tx) {
    int slot = System.identityHashCode(tx) & (SLOTS - 1);
    RememberedId remembered = ids[slot];
    if (remembered != null && remembered.tx() == tx) {
      return remembered.id();
    }
    ByteString id = Transactions.id(tx);
    ids[slot] = new RememberedId(tx, id);
    return id;
  }
}
