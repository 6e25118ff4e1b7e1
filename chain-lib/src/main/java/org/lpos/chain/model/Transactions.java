package org.lpos.chain.model;

import com.google.protobuf.ByteString;
import java.util.List;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.Hashes;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;

/** Transaction ids, sign bytes and signing (PROTOCOL §3). */
public final class Transactions {
  /**
   * Ids of recently hashed transaction objects, one per slot chosen by identity hash. A node asks
   * for the id of the same object several times between the pool and the commit (validation,
   * merkle root, pool eviction, metrics), and each answer costs a serialization and two SHA-256.
   * Small on purpose: every object remembered here is kept from being collected.
   */
  private static final int ID_SLOTS = 1 << 10;

  private static final RememberedId[] IDS = new RememberedId[ID_SLOTS];

  /** A transaction object and its id; final fields, so a slot read by another thread is whole. */
  private record RememberedId(Transaction tx, ByteString id) {}

  private Transactions() {}

  /** Transaction id: {@code H(serialize(tx))}. */
  @SuppressWarnings("ReferenceEquality") // identity on purpose: the cache remembers this very object
  public static ByteString id(Transaction tx) {
    int slot = System.identityHashCode(tx) & (ID_SLOTS - 1);
    RememberedId remembered = IDS[slot];
    if (remembered != null && remembered.tx() == tx) {
      return remembered.id();
    }
    ByteString id = Hashes.hashOf(tx);
    IDS[slot] = new RememberedId(tx, id);
    return id;
  }

  /** {@code LPOS/tx || chain_id || serialize(tx with every input's unlock cleared)}. */
  public static byte[] signBytes(String chainId, Transaction tx) {
    return Domain.TX.signBytes(chainId, withoutUnlocks(tx).toByteArray());
  }

  /** The transaction with every input's unlock script removed. */
  public static Transaction withoutUnlocks(Transaction tx) {
    Transaction.Builder b = tx.toBuilder();
    for (TxInput.Builder in : b.getInputsBuilderList()) {
      in.clearUnlock();
    }
    return b.build();
  }

  /**
   * Signs every input of {@code tx} with the standard unlock; {@code signers.get(i)} signs input i.
   */
  public static Transaction sign(String chainId, Transaction tx, List<KeyPair> signers) {
    if (signers.size() != tx.getInputsCount()) {
      throw new IllegalArgumentException(
          "one signer per input: " + signers.size() + " signers, " + tx.getInputsCount() + " inputs");
    }
    byte[] message = signBytes(chainId, tx);
    Transaction.Builder b = tx.toBuilder();
    for (int i = 0; i < signers.size(); i++) {
      ByteString sig = signers.get(i).signRaw(message);
      b.getInputsBuilder(i).setUnlock(Scripts.standardUnlock(sig));
    }
    return b.build();
  }
}
