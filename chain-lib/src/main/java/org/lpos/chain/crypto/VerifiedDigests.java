package org.lpos.chain.crypto;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A fixed-size set of 32-byte digests in one {@code long[]}: the signature checks that succeeded,
 * each named by a SHA-256 of key, signature and message. A new digest takes the slot its first
 * bytes choose, replacing whatever was there, so the set forgets old entries by itself and never
 * grows. An empty slot holds zeros, so the all-zero digest (which no SHA-256 input is known to
 * give) is never held.
 *
 * <p>Why not a hash set of byte strings: it held three objects per verification (node, byte
 * string, array) for about a minute, and a node's young collections spent their time copying
 * such long-lived objects; here an entry is four longs inside one array that holds no references,
 * which a collection neither copies nor scans (docs/benchmarks.md).
 */
final class VerifiedDigests {
  private static final int LONGS_PER_DIGEST = 4;
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private final long[] slots;
  private final int slotMask;

  /** A set of {@code 2^log2Slots} slots. */
  VerifiedDigests(int log2Slots) {
    if (log2Slots < 1 || log2Slots > 24) {
      throw new IllegalArgumentException("log2Slots outside [1, 24]: " + log2Slots);
    }
    this.slots = new long[(1 << log2Slots) * LONGS_PER_DIGEST];
    this.slotMask = (1 << log2Slots) - 1;
  }

  /** Whether {@code digest} (32 bytes) is held. */
  synchronized boolean contains(byte[] digest) {
    int base = slotOf(digest);
    if (isZero(digest)) {
      return false;
    }
    for (int i = 0; i < LONGS_PER_DIGEST; i++) {
      if (slots[base + i] != word(digest, i)) {
        return false;
      }
    }
    return true;
  }

  /** Holds {@code digest} (32 bytes), replacing the entry in its slot. */
  synchronized void add(byte[] digest) {
    int base = slotOf(digest);
    if (isZero(digest)) {
      return;
    }
    for (int i = 0; i < LONGS_PER_DIGEST; i++) {
      slots[base + i] = word(digest, i);
    }
  }

  /** Forgets every entry. */
  synchronized void clear() {
    Arrays.fill(slots, 0);
  }

  private int slotOf(byte[] digest) {
    if (digest.length != LONGS_PER_DIGEST * Long.BYTES) {
      throw new IllegalArgumentException("a digest is 32 bytes, got " + digest.length);
    }
    return ((int) word(digest, 0) & slotMask) * LONGS_PER_DIGEST;
  }

  private static boolean isZero(byte[] digest) {
    return (word(digest, 0) | word(digest, 1) | word(digest, 2) | word(digest, 3)) == 0;
  }

  private static long word(byte[] digest, int i) {
    return (long) LONGS.get(digest, i * Long.BYTES);
  }
}
