package org.lpos.chain.ledger;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/**
 * A copy-on-write overlay over a {@link UtxoView}: transactions are applied to it one by one (as
 * the transactions of a block apply in order) while the base stays untouched, so a block is
 * applied all or nothing.
 */
public final class PendingUtxos implements UtxoView {
  private final UtxoView base;
  private final Set<OutputKey> spent = new HashSet<>();
  private final Map<OutputKey, Utxo> created = new HashMap<>();

  /** An empty overlay over {@code base}. */
  public PendingUtxos(UtxoView base) {
    this.base = base;
  }

  @Override
  public Optional<Utxo> find(OutputKey key) {
    if (spent.contains(key)) {
      return Optional.empty();
    }
    Utxo mine = created.get(key);
    return mine != null ? Optional.of(mine) : base.find(key);
  }

  @Override
  public boolean spentHere(OutputKey key) {
    return spent.contains(key);
  }

  /** Records a valid transaction's effect. */
  public void apply(List<OutputKey> spends, List<Utxo> creates) {
    for (OutputKey k : spends) {
      created.remove(k);
      spent.add(k);
    }
    for (Utxo u : creates) {
      created.put(u.key(), u);
    }
  }

  /** The net change against the base: outputs of the base spent, and new outputs left unspent. */
  public UtxoDelta delta() {
    List<Utxo> spentUtxos = spent.stream().sorted().map(base::find).flatMap(Optional::stream).toList();
    List<Utxo> createdUtxos = created.values().stream().sorted((a, b) -> a.key().compareTo(b.key())).toList();
    return new UtxoDelta(spentUtxos, createdUtxos);
  }
}
