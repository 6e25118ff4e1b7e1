/*
 * Adapted from the Bouncy Castle Java APIs, bcprov-jdk18on 1.83,
 * org/bouncycastle/math/ec/rfc8032/Ed25519.java (scalarMult, pointLookupZ, getWindow4) and
 * org/bouncycastle/math/ec/rfc8032/Scalar25519.java (toSignedDigits).
 * Copyright (c) 2000-2023 The Legion of the Bouncy Castle Inc. (https://www.bouncycastle.org),
 * MIT-style licence: see META-INF/LICENSE-bouncycastle.txt in this module.
 */
package org.lpos.chain.crypto.ed25519;

import org.bouncycastle.math.ec.rfc7748.X25519Field;
import org.bouncycastle.math.raw.Nat;

/**
 * Constant-time scalar multiplication [n]P for a secret n: a fixed window of 4 bits with signed
 * odd digits, so every one of the 64 windows costs one table lookup, one addition and (but for the
 * last) four doublings, whatever n is. The scalar is first made odd by adding L when it is even
 * (a conditional add under a mask, which does not change [n]P for P in the prime-order subgroup);
 * an odd n < 2^256 then has the digits 2w - 15 in {-15, -13, ..., 15} of c = (n - 1)/2 + 2^255,
 * read 4 bits at a time, and a lookup reads all 8 entries of the table {P, 3P, ..., 15P} with
 * {@link X25519Field#cmov}, then negates the chosen entry with {@link X25519Field#cswap} and
 * {@link X25519Field#cnegate}: no branch and no memory index depends on n.
 *
 * <p>Only for points P of the prime-order subgroup (B, a cofactor-cleared hash point): adding L to
 * n changes [n]P for points with a torsion component.
 */
final class FixedWindowLadder {
  static final int SCALAR_BYTES = 32;

  private static final int WORDS = 8;
  private static final int WINDOWS = 64;
  private static final int TABLE_SIZE = 8;

  /** L as little-endian 32-bit words. */
  private static final int[] L_WORDS = {
    0x5CF5D3ED, 0x5812631A, 0xA2F79CD6, 0x14DEF9DE, 0x00000000, 0x00000000, 0x00000000, 0x10000000
  };

  private FixedWindowLadder() {}

  /** The table {P, 3P, ..., 15P} this ladder reads; build it once per point. */
  static CachedPoint[] table(AffinePoint p) {
    return CachedPoint.oddMultiples(p, TABLE_SIZE);
  }

  /**
   * [n]P for the little-endian {@code scalar} n below 2^255 (a clamped Ed25519 scalar or a value
   * reduced mod L), where {@code table} is {@link #table}(P).
   */
  static PointAccumulator multiply(byte[] scalar, CachedPoint[] table) {
    if (scalar.length != SCALAR_BYTES || (scalar[SCALAR_BYTES - 1] & 0x80) != 0) {
      throw new IllegalArgumentException("the scalar must be 32 bytes below 2^255");
    }
    int[] digits = signedDigits(scalar);
    CachedPoint entry = CachedPoint.lookupTarget();
    PointAccumulator r = new PointAccumulator();
    for (int window = WINDOWS - 1; ; window--) {
      lookup(digits, window, table, entry);
      r.addConstantTime(entry);
      if (window == 0) {
        return r;
      }
      for (int i = 0; i < 4; i++) {
        r.doubleInPlace();
      }
    }
  }

  /** c = (n' - 1)/2 + 2^255 for n' = n, or n + L when n is even: its 4-bit windows are the digits. */
  private static int[] signedDigits(byte[] scalar) {
    int[] n = new int[WORDS];
    for (int i = 0; i < SCALAR_BYTES; i++) {
      n[i >>> 2] |= (scalar[i] & 0xFF) << (8 * (i & 3));
    }
    Nat.caddTo(WORDS, ~n[0] & 1, L_WORDS, n);
    Nat.shiftDownBit(WORDS, n, 1);
    return n;
  }

  /** entry = the table entry for the digit 2w - 15 of window w, negated when the digit is negative. */
  private static void lookup(int[] digits, int window, CachedPoint[] table, CachedPoint entry) {
    int w = (digits[window >>> 3] >>> ((window & 7) << 2)) & 15;
    int negative = (w >>> 3) ^ 1;
    int index = (w ^ -negative) & 7;
    for (int i = 0; i < TABLE_SIZE; i++) {
      int select = ((i ^ index) - 1) >> 31;
      CachedPoint candidate = table[i];
      X25519Field.cmov(select, candidate.yMinusXHalf, 0, entry.yMinusXHalf, 0);
      X25519Field.cmov(select, candidate.yPlusXHalf, 0, entry.yPlusXHalf, 0);
      X25519Field.cmov(select, candidate.xyd, 0, entry.xyd, 0);
      X25519Field.cmov(select, candidate.z, 0, entry.z, 0);
    }
    X25519Field.cswap(negative, entry.yMinusXHalf, entry.yPlusXHalf);
    X25519Field.cnegate(negative, entry.xyd);
  }
}
