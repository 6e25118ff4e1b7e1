package org.lpos.lab.attack;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Scripts;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * Well-formed junk from one seed: fresh keys, random hashes, and transactions that decode and
 * look like transfers (one input with a 64-byte signature, one standard output) but spend
 * outputs that do not exist under signatures that do not verify. A node can only refuse them
 * after decoding and looking them up, which is the cost the attacks make it pay.
 */
public final class Junk {
  /** Bytes of an Ed25519 signature. */
  public static final int SIGNATURE_BYTES = 64;

  private final SplittableRandom random;

  /** Junk from {@code seed}. */
  public Junk(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** {@code n} random bytes. */
  public synchronized ByteString bytes(int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return ByteString.copyFrom(b);
  }

  /** A fresh key nobody knows of. */
  public KeyPair key() {
    return KeyPair.fromSeed(bytes(32));
  }

  /** A transfer from a made-up output, under a random signature, to a random key. */
  public Transaction transaction() {
    return Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(OutputRef.newBuilder().setTxId(bytes(32)).setIndex(0))
            .setUnlock(Scripts.standardUnlock(bytes(SIGNATURE_BYTES))))
        .addOutputs(TxOutput.newBuilder().setValue(1).setLock(Scripts.standardLock(bytes(32))))
        .build();
  }

  /** {@code n} junk transactions. */
  public List<Transaction> transactions(int n) {
    List<Transaction> txs = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      txs.add(transaction());
    }
    return txs;
  }

  /** Junk transactions whose serialized sizes add up to at most {@code maxBytes}. */
  public List<Transaction> transactionsOfBytes(long maxBytes) {
    List<Transaction> txs = new ArrayList<>();
    long bytes = 0;
    while (true) {
      Transaction tx = transaction();
      // Each repeated element costs its tag and length prefix on top of its own bytes.
      long cost = tx.getSerializedSize() + 4L;
      if (bytes + cost > maxBytes) {
        return txs;
      }
      txs.add(tx);
      bytes += cost;
    }
  }

  /** A uniformly random int in [0, bound). */
  public synchronized int nextInt(int bound) {
    return random.nextInt(bound);
  }
}
