package org.lpos.node.api;

import com.google.protobuf.ByteString;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.ledger.UtxoSet;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/**
 * An immutable index of every owner's unspent outputs after one height: what GetBalance and
 * ListUtxos read from any thread, so that no API call waits for the consensus thread. The driver
 * publishes a new index after each step that commits ({@link #after}); readers holding an older
 * one keep a consistent (height, outputs) pair.
 *
 * <p>A new index shares everything the commit did not touch (path copying): owners sit in 65,536
 * buckets reached through two 256-way levels, so a commit copies the root (256 references), one
 * second-level array and one bucket per touched owner, and each touched owner's output array.
 * Buckets are chosen by a hash keyed with a random per-process salt, so nobody can pile owners
 * into one bucket to make every commit copy it.
 */
public final class OwnerIndex {
  private static final int FAN_OUT = 256;
  private static final long SALT = new SecureRandom().nextLong();
  private static final Holdings NOTHING = new Holdings(0, new Utxo[0]);

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
   * @param byKey the outputs in output-reference order (never modified)
   */
  public record Holdings(long balance, Utxo[] byKey) {
    /** The outputs in output-reference order, at most {@code limit} of them. */
    public List<Utxo> first(int limit) {
      return Collections.unmodifiableList(Arrays.asList(byKey).subList(0, Math.min(limit, byKey.length)));
    }

    /** The number of outputs. */
    public int count() {
      return byKey.length;
    }
  }

  /** The index of {@code utxos}, the set after {@code height} (at start, before the driver runs). */
  public static OwnerIndex of(UtxoSet utxos, long height) {
    Map<ByteString, List<Utxo>> byOwner = new HashMap<>();
    utxos.forEach(u -> byOwner.computeIfAbsent(u.owner(), o -> new ArrayList<>()).add(u));
    Map<ByteString, Holdings>[][] buckets = newRoot();
    for (Map.Entry<ByteString, List<Utxo>> e : byOwner.entrySet()) {
      Utxo[] outputs = e.getValue().toArray(Utxo[]::new);
      Arrays.sort(outputs, (a, b) -> a.key().compareTo(b.key()));
      bucketFor(buckets, e.getKey()).put(e.getKey(), holdings(outputs));
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
    // Net change per owner: outputs created and spent within the step cancel out.
    Map<ByteString, Map<OutputKey, Utxo>> added = new LinkedHashMap<>();
    Map<ByteString, Set<OutputKey>> removed = new LinkedHashMap<>();
    for (UtxoDelta d : deltas) {
      for (Utxo u : d.spent()) {
        Map<OutputKey, Utxo> mine = added.get(u.owner());
        if (mine == null || mine.remove(u.key()) == null) {
          removed.computeIfAbsent(u.owner(), o -> new HashSet<>()).add(u.key());
        }
      }
      for (Utxo u : d.created()) {
        added.computeIfAbsent(u.owner(), o -> new HashMap<>()).put(u.key(), u);
      }
    }
    Set<ByteString> touched = new HashSet<>(added.keySet());
    touched.addAll(removed.keySet());
    Map<ByteString, Holdings>[][] root = buckets.clone();
    boolean[] levelCopied = new boolean[FAN_OUT];
    Set<Map<ByteString, Holdings>> bucketsCopied = Collections.newSetFromMap(new IdentityHashMap<>());
    for (ByteString owner : touched) {
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
      Holdings before = bucket.getOrDefault(owner, NOTHING);
      Holdings now = change(before, removed.getOrDefault(owner, Set.of()),
          added.getOrDefault(owner, Map.of()).values());
      if (now.count() == 0) {
        bucket.remove(owner);
      } else {
        bucket.put(owner, now);
      }
    }
    return new OwnerIndex(newHeight, root);
  }

  private static Holdings change(Holdings before, Set<OutputKey> spent, Collection<Utxo> created) {
    List<Utxo> kept = new ArrayList<>(before.count() + created.size());
    for (Utxo u : before.byKey()) {
      if (!spent.contains(u.key())) {
        kept.add(u);
      }
    }
    if (kept.size() != before.count() - spent.size()) {
      throw new IllegalStateException("a delta spends an output the index does not hold");
    }
    kept.addAll(created);
    Utxo[] outputs = kept.toArray(Utxo[]::new);
    Arrays.sort(outputs, (a, b) -> a.key().compareTo(b.key()));
    return holdings(outputs);
  }

  private static Holdings holdings(Utxo[] byKey) {
    long sum = 0;
    for (Utxo u : byKey) {
      sum = Math.addExact(sum, u.value());
    }
    return new Holdings(sum, byKey);
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
