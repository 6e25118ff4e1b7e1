package org.lpos.chain.lottery;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.OwnerStake;

/**
 * The per-owner stake totals a VRF chain draws from (PROTOCOL §6a): after the tip at height t, the
 * totals after blocks {@code max(0, t - DELAY_BLOCKS) .. t}, oldest first. The senate of t + 1 is
 * drawn from the oldest, so a block's stake changes enter the draw {@link #DELAY_BLOCKS} heights
 * after the one they would otherwise have entered. Immutable.
 */
public final class StakeSnapshots {
  /**
   * D: the senate of height h + 1 reads the totals after block h - D (the seed q(h) is known to
   * h's proposer as soon as q(h-1) is; PROTOCOL §6a gives the argument for D = 2).
   */
  public static final int DELAY_BLOCKS = 2;

  private final List<OwnerStake> window;

  private StakeSnapshots(List<OwnerStake> window) {
    this.window = List.copyOf(window);
  }

  /** The window of a chain whose only block is genesis (or whose tip is {@code start}). */
  public static StakeSnapshots start(OwnerStake start) {
    return of(List.of(start));
  }

  /**
   * A window read back from storage: consecutive heights, at most D + 1 of them, and if fewer the
   * first is genesis (height 0).
   */
  public static StakeSnapshots of(List<OwnerStake> window) {
    if (window.isEmpty() || window.size() > DELAY_BLOCKS + 1) {
      throw new IllegalArgumentException("a stake window holds 1-" + (DELAY_BLOCKS + 1) + " snapshots, not "
          + window.size());
    }
    for (int i = 1; i < window.size(); i++) {
      if (window.get(i).height() != window.get(i - 1).height() + 1) {
        throw new IllegalArgumentException("stake snapshots at heights " + window.get(i - 1).height() + " and "
            + window.get(i).height() + " are not consecutive");
      }
    }
    if (window.size() <= DELAY_BLOCKS && window.get(0).height() != 0) {
      throw new IllegalArgumentException("a short stake window must start at genesis, not at "
          + window.get(0).height());
    }
    return new StakeSnapshots(window);
  }

  /** The totals the senate of the next height is drawn from: after block max(0, tip - D). */
  public OwnerStake forNextDraw() {
    return window.get(0);
  }

  /** The totals after the tip. */
  public OwnerStake latest() {
    return window.get(window.size() - 1);
  }

  /** The snapshots, oldest first. */
  public List<OwnerStake> window() {
    return window;
  }

  /** The window after the next block, which made {@code delta}. */
  public StakeSnapshots after(UtxoDelta delta) {
    OwnerStake last = latest();
    Map<ByteString, Long> totals = new TreeMap<>(OwnerStake.KEY_ORDER);
    totals.putAll(last.totals());
    for (Utxo spent : delta.spent()) {
      totals.merge(spent.owner(), -spent.value(), Math::addExact);
    }
    for (Utxo created : delta.created()) {
      totals.merge(created.owner(), created.value(), Math::addExact);
    }
    List<OwnerStake> next = new ArrayList<>(window);
    next.add(OwnerStake.of(last.height() + 1, totals));
    if (next.size() > DELAY_BLOCKS + 1) {
      next.remove(0);
    }
    return new StakeSnapshots(next);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StakeSnapshots other && other.window.equals(window);
  }

  @Override
  public int hashCode() {
    return window.hashCode();
  }

  @Override
  public String toString() {
    return "StakeSnapshots" + window;
  }
}
