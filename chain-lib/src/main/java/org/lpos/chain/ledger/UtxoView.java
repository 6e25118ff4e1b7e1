package org.lpos.chain.ledger;

import java.util.Optional;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/** Read access to a set of unspent outputs. */
public interface UtxoView {
  /** The unspent output named by {@code key}, if it is unspent. */
  Optional<Utxo> find(OutputKey key);

  /**
   * Whether {@code key} was spent by a transaction applied earlier within this view (in the same
   * block), which lets a rejection say "spent" rather than "missing".
   */
  default boolean spentHere(OutputKey key) {
    return false;
  }
}
