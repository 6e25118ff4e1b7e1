package org.lpos.chain.legacy;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.StakeIndex;

/**
 * The unspent outputs while a legacy chain is replayed, in draw order. A block is applied to a
 * copy that replaces the original only if the whole block verifies, so a bad block leaves the
 * state exactly as the last good block left it. Legacy files are small, so copying is cheap.
 */
final class LegacyLedger {
  private final SortedMap<OutputKey, Utxo> outputs;

  LegacyLedger() {
    this(new TreeMap<>());
  }

  private LegacyLedger(SortedMap<OutputKey, Utxo> outputs) {
    this.outputs = outputs;
  }

  LegacyLedger copy() {
    return new LegacyLedger(new TreeMap<>(outputs));
  }

  Utxo get(OutputKey key) {
    return outputs.get(key);
  }

  /** Removes and returns the output, or null if it is not unspent. */
  Utxo spend(OutputKey key) {
    return outputs.remove(key);
  }

  /** Adds the output unless its key exists; returns whether it was added. */
  boolean add(Utxo utxo) {
    return outputs.putIfAbsent(utxo.key(), utxo) == null;
  }

  List<Utxo> utxos() {
    return new ArrayList<>(outputs.values());
  }

  StakeIndex stakeIndex() {
    StakeIndex index = new StakeIndex();
    outputs.values().forEach(index::add);
    return index;
  }
}
