package org.lpos.node.runtime;

import com.google.protobuf.ByteString;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.lpos.chain.ledger.UtxoView;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxOutput;

/**
 * The standard outputs of the transactions a {@link SignaturePrecheck} lane saw last, so that a
 * transaction spending an output not committed yet (a payer's change, spent again before its block
 * commits, or an earlier payment of the same block) still finds the key its signature must match.
 * Used by the lane's one thread only. Bounded: the oldest are forgotten first, and a forgotten or
 * wrong owner only leaves a check to the core. Nobody can plant an owner for someone else's output:
 * an output's key names the transaction that created it by its hash.
 */
final class RecentOutputs implements UtxoView {
  /** 65,536 outputs: about 15 s of the measured peak, the life of a transaction in the pool. */
  static final int CAPACITY = 1 << 16;

  private final Map<OutputKey, Utxo> outputs = new LinkedHashMap<>(CAPACITY * 4 / 3 + 1, 0.75f) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<OutputKey, Utxo> eldest) {
      return size() > CAPACITY;
    }
  };

  /** Remembers the standard outputs of {@code tx}, whose id is {@code txId}. */
  void add(ByteString txId, Transaction tx) {
    for (int i = 0; i < tx.getOutputsCount(); i++) {
      TxOutput out = tx.getOutputs(i);
      int index = i;
      Scripts.standardOwner(out.getLock())
          .ifPresent(owner -> outputs.put(new OutputKey(txId, index), new Utxo(new OutputKey(txId, index), out.getValue(), owner)));
    }
  }

  @Override
  public Optional<Utxo> find(OutputKey key) {
    return Optional.ofNullable(outputs.get(key));
  }
}
