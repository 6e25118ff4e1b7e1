package org.lpos.chain.ledger;

import java.util.List;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/**
 * The change a valid block makes to the UTXO set: the outputs it spends (all present before) and
 * the outputs it creates (and does not itself spend). Spent outputs are whole outputs, not only
 * their references, so that an index by owner can follow the change without a look-up by key.
 */
public record UtxoDelta(List<Utxo> spent, List<Utxo> created) {
  /** Copies both lists. */
  public UtxoDelta {
    spent = List.copyOf(spent);
    created = List.copyOf(created);
  }

  /** The references of the spent outputs, in the order of {@link #spent}. */
  public List<OutputKey> spentKeys() {
    return spent.stream().map(Utxo::key).toList();
  }

  /** Value created minus value spent: minus the fees burned by the block (positive only in genesis). */
  public long valueChange() {
    long out = 0;
    for (Utxo u : created) {
      out = Math.addExact(out, u.value());
    }
    long in = 0;
    for (Utxo u : spent) {
      in = Math.addExact(in, u.value());
    }
    return out - in;
  }
}
