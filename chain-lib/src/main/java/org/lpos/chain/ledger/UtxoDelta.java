package org.lpos.chain.ledger;

import java.util.List;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/**
 * The change a valid block makes to the UTXO set: the outputs it spends (all present before) and
 * the outputs it creates (and does not itself spend).
 */
public record UtxoDelta(List<OutputKey> spent, List<Utxo> created) {
  /** Copies both lists. */
  public UtxoDelta {
    spent = List.copyOf(spent);
    created = List.copyOf(created);
  }

  /** Value created minus value spent: minus the fees burned by the block (positive only in genesis). */
  public long valueChange(UtxoView before) {
    long out = 0;
    for (Utxo u : created) {
      out = Math.addExact(out, u.value());
    }
    long in = 0;
    for (OutputKey k : spent) {
      in = Math.addExact(in, before.find(k).orElseThrow().value());
    }
    return out - in;
  }
}
