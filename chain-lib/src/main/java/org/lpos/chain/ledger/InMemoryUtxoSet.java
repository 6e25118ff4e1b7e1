package org.lpos.chain.ledger;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.StakeIndex;

/**
 * A {@link UtxoSet} held in memory: a hash map for look-ups, a {@link StakeIndex} for draws, and
 * each owner's outputs, so that a wallet, a balance or a member's ticket reads only that owner's
 * outputs instead of the whole set.
 */
public final class InMemoryUtxoSet implements UtxoSet {
  /**
   * Concurrent so that {@link #find} may be called from any thread while the owner of the set
   * applies deltas (a node checks signatures ahead on another thread); everything else belongs to
   * the owner's thread.
   */
  private final Map<OutputKey, Utxo> byKey = new ConcurrentHashMap<>();
  /** Each owner's outputs, largest first (ties: the smaller reference first). */
  private final Map<ByteString, Owned> byOwner = new HashMap<>();
  private final StakeIndex stake = new StakeIndex();

  /**
   * A set holding {@code utxos} (a stored set being restored); fails fast on a repeated key. The
   * stake index is rebuilt from the outputs, and since its answers depend only on the set's
   * contents, the senate draws the same seats as on the set the outputs came from.
   */
  public static InMemoryUtxoSet of(Iterable<Utxo> utxos) {
    InMemoryUtxoSet set = new InMemoryUtxoSet();
    for (Utxo u : utxos) {
      if (set.byKey.containsKey(u.key())) {
        throw new IllegalArgumentException("output listed twice: " + u.key());
      }
      set.add(u);
    }
    return set;
  }

  @Override
  public Optional<Utxo> find(OutputKey key) {
    return Optional.ofNullable(byKey.get(key));
  }

  @Override
  public void apply(UtxoDelta delta) {
    for (OutputKey k : delta.spentKeys()) {
      if (!byKey.containsKey(k)) {
        throw new IllegalStateException("delta spends an absent output " + k);
      }
    }
    for (Utxo u : delta.created()) {
      if (byKey.containsKey(u.key())) {
        throw new IllegalStateException("delta creates an existing output " + u.key());
      }
    }
    for (OutputKey k : delta.spentKeys()) {
      removeFromOwner(byKey.remove(k));
      stake.remove(k);
    }
    for (Utxo u : delta.created()) {
      add(u);
    }
  }

  /**
   * Indexes {@code u}, with its owner's key shared with the owner's other outputs: every
   * decoded output carries its own copy of the 32-byte key, two objects that would otherwise
   * live as long as the output.
   */
  @SuppressWarnings("ReferenceEquality") // identity on purpose: one owner key object per owner
  private void add(Utxo u) {
    Owned own = byOwner.computeIfAbsent(u.owner(), o -> new Owned(o, new TreeSet<>(Utxo.LARGEST_FIRST)));
    Utxo stored = u.owner() == own.owner() ? u : new Utxo(u.key(), u.value(), own.owner());
    byKey.put(stored.key(), stored);
    own.outputs().add(stored);
    stake.add(stored);
  }

  private void removeFromOwner(Utxo u) {
    Owned own = byOwner.get(u.owner());
    own.outputs().remove(u);
    if (own.outputs().isEmpty()) {
      byOwner.remove(u.owner());
    }
  }

  @Override
  public void forEachOwnedBy(ByteString owner, Consumer<Utxo> visitor) {
    Owned own = byOwner.get(owner);
    if (own != null) {
      own.outputs().forEach(visitor);
    }
  }

  @Override
  public Optional<Utxo> largestOwnedBy(ByteString owner) {
    Owned own = byOwner.get(owner);
    return own == null ? Optional.empty() : Optional.of(own.outputs().first());
  }

  @Override
  public int size() {
    return byKey.size();
  }

  @Override
  public long totalValue() {
    return stake.totalValue();
  }

  @Override
  public StakeIndex stakeIndex() {
    return stake;
  }

  @Override
  public void forEach(Consumer<Utxo> visitor) {
    stake.forEachInOrder(visitor);
  }

  @Override
  public Map<ByteString, Long> balances() {
    Map<ByteString, Long> balances = new LinkedHashMap<>();
    stake.forEachInOrder(u -> balances.merge(u.owner(), u.value(), Math::addExact));
    return balances;
  }

  /** One owner's key (the instance its outputs share) and its outputs. */
  private record Owned(ByteString owner, TreeSet<Utxo> outputs) {}
}
