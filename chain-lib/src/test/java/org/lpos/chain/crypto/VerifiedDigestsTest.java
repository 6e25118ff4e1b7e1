package org.lpos.chain.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fixed-size set of verified digests: exact membership, replacement within a slot. */
class VerifiedDigestsTest {
  private static final long SEED = 20261124L;

  private static byte[] digest(SplittableRandom random) {
    byte[] d = new byte[32];
    random.nextBytes(d);
    return d;
  }

  @Test
  void holdsWhatWasAddedAndNothingThatDiffersInAnyByte() {
    System.out.println("VerifiedDigestsTest seed=" + SEED);
    SplittableRandom random = new SplittableRandom(SEED);
    VerifiedDigests set = new VerifiedDigests(16);
    byte[] d = digest(random);
    assertFalse(set.contains(d));
    set.add(d);
    assertTrue(set.contains(d.clone()));
    for (int i = 0; i < 32; i++) {
      byte[] other = d.clone();
      other[i] ^= 1;
      assertFalse(set.contains(other), "digest differing in byte " + i);
    }
  }

  @Test
  void aNewDigestReplacesTheOneInItsSlot() {
    VerifiedDigests set = new VerifiedDigests(4);
    byte[] first = new byte[32];
    first[31] = 1;
    byte[] sameSlot = new byte[32];
    sameSlot[31] = 2;
    set.add(first);
    set.add(sameSlot);
    assertTrue(set.contains(sameSlot));
    assertFalse(set.contains(first));
  }

  @Test
  void manyDigestsFillDistinctSlotsAndClearForgetsThem() {
    SplittableRandom random = new SplittableRandom(SEED);
    VerifiedDigests set = new VerifiedDigests(20);
    byte[][] added = new byte[64][];
    for (int i = 0; i < added.length; i++) {
      added[i] = digest(random);
      set.add(added[i]);
    }
    int held = 0;
    for (byte[] d : added) {
      held += set.contains(d) ? 1 : 0;
    }
    assertTrue(held >= 62, "64 random digests in 2^20 slots, held " + held);
    set.clear();
    for (byte[] d : added) {
      assertFalse(set.contains(d));
    }
  }

  @Test
  void theZeroDigestIsNeverHeldAndOtherLengthsAreRefused() {
    VerifiedDigests set = new VerifiedDigests(4);
    set.add(new byte[32]);
    assertFalse(set.contains(new byte[32]));
    assertThrows(IllegalArgumentException.class, () -> set.add(new byte[31]));
    assertThrows(IllegalArgumentException.class, () -> new VerifiedDigests(0));
  }
}
