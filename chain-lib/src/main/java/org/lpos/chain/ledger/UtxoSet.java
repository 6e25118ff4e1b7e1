package org.lpos.chain.ledger;

import com.google.protobuf.ByteString;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.StakeIndex;

/**
 * The set of unspent outputs after some block, with its stake index kept in step for the senate
 * draw. The in-memory implementation serves chain files and tests; a persistent one comes with
 * the node's store.
 */
public interface UtxoSet extends UtxoView {
  /**
   * Applies a delta computed against this set by the validator. Every spent output must be
   * present and every created one absent; a violation is a bug and fails fast before any change.
   */
  void apply(UtxoDelta delta);

  /** Number of unspent outputs. */
  int size();

  /** Total value of all unspent outputs. */
  long totalValue();

  /** The outputs in draw order with prefix sums. */
  StakeIndex stakeIndex();

  /** Visits every output in draw order. */
  void forEach(Consumer<Utxo> visitor);

  /**
   * Visits the outputs {@code owner} holds, largest first (ties: the smaller output reference
   * first); costs the owner's outputs, not the set's.
   */
  void forEachOwnedBy(ByteString owner, Consumer<Utxo> visitor);

  /**
   * The largest output {@code owner} holds, ties broken by the smaller output reference (the first
   * that {@link #forEachOwnedBy} visits); costs a lookup, not the owner's outputs.
   */
  Optional<Utxo> largestOwnedBy(ByteString owner);

  /** Total value held by each owner. */
  Map<ByteString, Long> balances();
}
