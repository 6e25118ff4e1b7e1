package org.lpos.chain.senate;

import com.google.protobuf.ByteString;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The stake each owner held after block {@code height}, laid out on the satoshi line in order of
 * the owners' keys as unsigned bytes (PROTOCOL §6a). A VRF chain draws from this line: an owner's
 * positions depend only on the totals, so paying itself (new outputs, new tx ids) changes nothing,
 * where follow-the-satoshi over UTXOs ordered by tx id lets a member move its positions that way.
 */
public final class OwnerStake implements StakeLine {
  /** Key order: unsigned bytes, as the draw's line. */
  public static final Comparator<ByteString> KEY_ORDER = ByteString.unsignedLexicographicalComparator();

  private final long height;
  private final SortedMap<ByteString, Long> totals;
  private final ByteString[] owners;
  private final long[] cumulative;

  private OwnerStake(long height, SortedMap<ByteString, Long> totals) {
    this.height = height;
    this.totals = Collections.unmodifiableSortedMap(totals);
    this.owners = totals.keySet().toArray(new ByteString[0]);
    this.cumulative = new long[owners.length];
    long sum = 0;
    for (int i = 0; i < owners.length; i++) {
      sum = Math.addExact(sum, totals.get(owners[i]));
      cumulative[i] = sum;
    }
  }

  /** The totals after block {@code height}; owners with nothing are left out. */
  public static OwnerStake of(long height, Map<ByteString, Long> totals) {
    if (height < 0) {
      throw new IllegalArgumentException("negative height " + height);
    }
    SortedMap<ByteString, Long> sorted = new TreeMap<>(KEY_ORDER);
    totals.forEach((owner, value) -> {
      if (value < 0) {
        throw new IllegalArgumentException("negative stake " + value);
      }
      if (value > 0) {
        sorted.put(owner, value);
      }
    });
    return new OwnerStake(height, sorted);
  }

  /** The block after which these totals hold. */
  public long height() {
    return height;
  }

  /** Each owner's total in key order (read-only). */
  public SortedMap<ByteString, Long> totals() {
    return totals;
  }

  @Override
  public long totalValue() {
    return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
  }

  @Override
  public ByteString ownerAt(long position) {
    if (position < 0 || position >= totalValue()) {
      throw new IllegalArgumentException("position " + position + " outside [0, " + totalValue() + ")");
    }
    // The first owner whose running sum passes the position covers it.
    int found = Arrays.binarySearch(cumulative, position + 1);
    return owners[found >= 0 ? found : -found - 1];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OwnerStake other && other.height == height && other.totals.equals(totals);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(height) * 31 + totals.hashCode();
  }

  @Override
  public String toString() {
    return "OwnerStake[after " + height + ", " + totals.size() + " owners, T=" + totalValue() + "]";
  }
}
