package org.lpos.node.server;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.ledger.UtxoSet;
import org.lpos.chain.model.Utxo;
import org.lpos.node.net.Membership;

/**
 * The keys holding stake in the node's chain state, as an immutable snapshot the driver thread
 * publishes after each commit and the peer mesh reads from any thread ({@link Membership}).
 *
 * <p>Keeping the set exact would cost a look-up per owner on every commit. Instead a commit adds
 * the owners of the outputs it created at once (a key that just received stake may be drawn for
 * the next height), and every {@link #PRUNE_EVERY_BLOCKS} blocks the snapshot drops owners whose
 * last output was spent. A key that spent everything thus stays a member for at most that many
 * blocks, which costs nothing: it holds no seat, and the core refuses its senate messages as it
 * refuses any non-senator's.
 */
public final class Stakeholders implements Membership {
  /** Blocks between passes that drop keys whose stake is gone. */
  static final int PRUNE_EVERY_BLOCKS = 32;

  private volatile Set<ByteString> snapshot;
  private int blocksSincePrune;

  /** The stakeholders of {@code utxos} (read once, on the thread that owns the set). */
  public Stakeholders(UtxoSet utxos) {
    this.snapshot = Set.copyOf(utxos.balances().keySet());
  }

  @Override
  public boolean holdsStake(ByteString key) {
    return snapshot.contains(key);
  }

  /** How many keys hold stake now (as of the last snapshot). */
  public int size() {
    return snapshot.size();
  }

  /**
   * Updates the snapshot after blocks with {@code deltas} were applied to {@code utxos}; call on
   * the thread that owns {@code utxos} (the driver's), never concurrently.
   */
  public void onCommitted(List<UtxoDelta> deltas, UtxoSet utxos) {
    if (deltas.isEmpty()) {
      return;
    }
    Set<ByteString> next = null;
    for (UtxoDelta delta : deltas) {
      for (Utxo created : delta.created()) {
        ByteString owner = created.owner();
        if (!snapshot.contains(owner) && (next == null || !next.contains(owner))
            && utxos.largestOwnedBy(owner).isPresent()) {
          next = next == null ? new HashSet<>(snapshot) : next;
          next.add(owner);
        }
      }
    }
    blocksSincePrune += deltas.size();
    if (blocksSincePrune >= PRUNE_EVERY_BLOCKS) {
      blocksSincePrune = 0;
      next = next == null ? new HashSet<>(snapshot) : next;
      next.removeIf(owner -> utxos.largestOwnedBy(owner).isEmpty());
    }
    if (next != null) {
      snapshot = Set.copyOf(next);
    }
  }
}
