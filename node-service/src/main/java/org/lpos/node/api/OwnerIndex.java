package org.lpos.node.api;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.ledger.UtxoSet;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;
import org.pcollections.TreePMap;

/**
 * An immutable index of every owner's unspent outputs after one height: what GetBalance and
 * ListUtxos read from any thread, so that no API call waits for the consensus thread. The driver
 * publishes a new index after each step that commits ({@link #after}); readers holding an older
 * one keep a consistent (height, outputs) pair.
 *
 * <p>A new index shares everything the commit did not touch (path copying): owners sit in 65,536
 * buckets reached through two 256-way levels, so a commit copies the root (256 references), one
 * second-level array and one bucket per touched owner. Each owner's outputs are a persistent
 * sorted map, so a commit that spends or creates k of an owner's n outputs costs O(k log n) for it,
 * not O(n): the workloads pay the same owners over and over, and an owner holding thousands of
 * outputs must not make every commit slower (it did when the outputs were one copied array).
 * Buckets are chosen by a hash keyed with a random per-process salt, so nobody can pile owners
 * into one bucket to make every commit copy it.
 */
public final class OwnerIndex {
  private static final int FAN_OUT = 256;
  private static final long SALT = new SecureRandom().nextLong();
  private static final Holdings NOTHING = new Holdings(0, TreePMap.empty());

  private final long height;
  private final Map<ByteString, Holdings>[][] buckets;

  private OwnerIndex(long height, Map<ByteString, Holdings>[][] buckets) {
    this.height = height;
    this.buckets = buckets;
  }

  /**
   * One owner's outputs and their total value.
   *
   * @param balance the sum of the outputs' values
   * @param byKey the outputs in output-reference order (a persistent map: never modified, a
   *     change makes a new map sharing the untouched part)
   */
  public record Holdings(long balance, TreePMap<OutputKey, Utxo> byKey) {
    /** The outputs in output-reference order, at most {@code limit} of them. */
    public List<Utxo> first(int limit) {
      List<Utxo> out = new ArrayList<>(Math.min(Math.max(limit, 0), byKey.size()));
      Iterator<Utxo> it = byKey.values().iterator();
      while (out.size() < limit && it.hasNext()) {
        out.add(it.next());
      }
      return Collections.unmodifiableList(out);
    }

    /** The number of outputs. */
    public int count() {
      return byKey.size();
    }

    /** These holdings without {@code spent}, which they must hold. */
    Holdings minus(Utxo spent) {
      Utxo held = byKey.get(spent.key());
      if (held == null) {
        throw new IllegalStateException("a delta spends an output the index does not hold");
      }
      return new Holdings(balance - held.value(), byKey.minus(spent.key()));
    }

    /** These holdings with {@code created}, which they must not hold yet. */
    Holdings plus(Utxo created) {
      if (byKey.containsKey(created.key())) {
        throw new IllegalStateException("a delta creates an output the index already holds");
      }
      return new Holdings(Math.addExact(balance, created.value()), byKey.plus(created.key(), created));
    }
  }

  /** The index of {@code utxos}, the set after {@code height} (at start, before the driver runs). */
  public static OwnerIndex of(UtxoSet utxos, long height) {
    Map<ByteString, List<Utxo>> byOwner = new HashMap<>();
    utxos.forEach(u -> byOwner.computeIfAbsent(u.owner(), o -> new ArrayList<>()).add(u));
    Map<ByteString, Holdings>[][] buckets = newRoot();
    for (Map.Entry<ByteString, List<Utxo>> e : byOwner.entrySet()) {
      Map<OutputKey, Utxo> outputs = new HashMap<>();
      long sum = 0;
      for (Utxo u : e.getValue()) {
        outputs.put(u.key(), u);
        sum = Math.addExact(sum, u.value());
      }
      bucketFor(buckets, e.getKey()).put(e.getKey(), new Holdings(sum, TreePMap.from(outputs)));
    }
    return new OwnerIndex(height, buckets);
  }

  /** The height whose state this index shows. */
  public long height() {
    return height;
  }

  /** {@code owner}'s outputs (none if it holds nothing). */
  public Holdings holdings(ByteString owner) {
    int h = bucketHash(owner);
    Map<ByteString, Holdings>[] level = buckets[(h >>> 8) & 0xff];
    Map<ByteString, Holdings> bucket = level == null ? null : level[h & 0xff];
    Holdings found = bucket == null ? null : bucket.get(owner);
    return found == null ? NOTHING : found;
  }

  /**
   * The index after {@code deltas} (the UTXO changes of the blocks one step committed, in order)
   * at {@code newHeight}; this index is left as it was.
   */
  public OwnerIndex after(List<UtxoDelta> deltas, long newHeight) {
    if (deltas.isEmpty()) {
      return newHeight == height ? this : new OwnerIndex(newHeight, buckets);
    }
    // Each touched owner's holdings after the whole step, applied in commit order (a delta's
    // spends before its creations, as the UTXO set applies it), so an output created and spent
    // within the step leaves no trace.
    Map<ByteString, Holdings> changed = new LinkedHashMap<>();
    for (UtxoDelta d : deltas) {
      for (Utxo u : d.spent()) {
        changed.put(u.owner(), current(changed, u.owner()).minus(u));
      }
      for (Utxo u : d.created()) {
        changed.put(u.owner(), current(changed, u.owner()).plus(u));
      }
    }
    Map<ByteString, Holdings>[][] root = buckets.clone();
    boolean[] levelCopied = new boolean[FAN_OUT];
    Set<Map<ByteString, Holdings>> bucketsCopied = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Map.Entry<ByteString, Holdings> e : changed.entrySet()) {
      ByteString owner = e.getKey();
      int h = bucketHash(owner);
      int i = (h >>> 8) & 0xff;
      int j = h & 0xff;
      if (!levelCopied[i]) {
        root[i] = root[i] == null ? newLevel() : root[i].clone();
        levelCopied[i] = true;
      }
      Map<ByteString, Holdings> bucket = root[i][j];
      if (bucket == null || !bucketsCopied.contains(bucket)) {
        bucket = bucket == null ? new HashMap<>() : new HashMap<>(bucket);
        bucketsCopied.add(bucket);
        root[i][j] = bucket;
      }
      if (e.getValue().count() == 0) {
        bucket.remove(owner);
      } else {
        bucket.put(owner, e.getValue());
      }
    }
    return new OwnerIndex(newHeight, root);
  }

  /** {@code owner}'s holdings as the step has changed them so far. */
  private Holdings current(Map<ByteString, Holdings> changed, ByteString owner) {
    Holdings now = changed.get(owner);
    return now != null ? now : holdings(owner);
  }

  private static Map<ByteString, Holdings> bucketFor(Map<ByteString, Holdings>[][] root, ByteString owner) {
    int h = bucketHash(owner);
    int i = (h >>> 8) & 0xff;
    if (root[i] == null) {
      root[i] = newLevel();
    }
    Map<ByteString, Holdings> bucket = root[i][h & 0xff];
    if (bucket == null) {
      bucket = new HashMap<>();
      root[i][h & 0xff] = bucket;
    }
    return bucket;
  }

  /** 16 bits of a salted mix of the owner's bytes (splitmix64's finaliser over each byte). */
  private static int bucketHash(ByteString owner) {
    long h = SALT;
    for (int k = 0; k < owner.size(); k++) {
      h = mix(h ^ (owner.byteAt(k) & 0xffL));
    }
    return (int) (h >>> 48);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  @SuppressWarnings("unchecked")
  private static Map<ByteString, Holdings>[][] newRoot() {
    return (Map<ByteString, Holdings>[][]) new Map<?, ?>[FAN_OUT][];
  }

  @SuppressWarnings("unchecked")
  private static Map<ByteString, Holdings>[] newLevel() {
    return (Map<ByteString, Holdings>[]) new Map<?, ?>[FAN_OUT];
  }
}
