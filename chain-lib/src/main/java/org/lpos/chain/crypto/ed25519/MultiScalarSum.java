package org.lpos.chain.crypto.ed25519;

/**
 * Whether a sum of scalar multiples [n_1]P_1 + ... + [n_m]P_m, times the cofactor 8, is the
 * neutral element: the check behind both the single and the batch Ed25519 equations. Straus'
 * method: one shared chain of about 253 doublings, and for each term one addition per non-zero
 * wNAF digit, read from the term's table of odd multiples, so adding a term costs about 253/(w+1)
 * additions instead of a whole scalar multiplication.
 */
final class MultiScalarSum {
  private final byte[][] digits;
  private final CachedPoint[][] oddMultiples;
  private int size;

  /** An empty sum with room for {@code capacity} terms. */
  MultiScalarSum(int capacity) {
    digits = new byte[capacity][];
    oddMultiples = new CachedPoint[capacity][];
  }

  /**
   * Adds the term [n]P, where {@code wnafDigits} are n's wNAF digits ({@link Wnaf}) of a width
   * whose odd multiples {@code table} holds.
   */
  MultiScalarSum add(byte[] wnafDigits, CachedPoint[] table) {
    digits[size] = wnafDigits;
    oddMultiples[size] = table;
    size++;
    return this;
  }

  /** Whether 8 times the sum of the terms is the neutral element. */
  boolean timesCofactorIsNeutral() {
    PointAccumulator sum = sum();
    sum.doubleInPlace();
    sum.doubleInPlace();
    sum.doubleInPlace();
    return sum.isNeutral();
  }

  /** The sum of the terms (variable time: for public scalars and points only). */
  PointAccumulator sum() {
    PointAccumulator sum = new PointAccumulator();
    for (int bit = highestDigit(); bit >= 0; bit--) {
      for (int i = 0; i < size; i++) {
        int digit = digits[i][bit];
        if (digit != 0) {
          // (digit >> 1) ^ (digit >> 31) maps +-1, +-3, +-5, ... to table indices 0, 1, 2, ...
          sum.add(digit < 0, oddMultiples[i][(digit >> 1) ^ (digit >> 31)]);
        }
      }
      if (bit > 0) {
        sum.doubleInPlace();
      }
    }
    return sum;
  }

  private int highestDigit() {
    for (int bit = Wnaf.DIGITS - 1; bit >= 0; bit--) {
      for (int i = 0; i < size; i++) {
        if (digits[i][bit] != 0) {
          return bit;
        }
      }
    }
    return -1;
  }
}
