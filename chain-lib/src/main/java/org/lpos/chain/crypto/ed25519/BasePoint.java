package org.lpos.chain.crypto.ed25519;

import java.math.BigInteger;

/**
 * The base point B of Ed25519 (RFC 8032 5.1: y = 4/5, x positive) as a wide wNAF table: it is in
 * every equation, so its 64 odd multiples are computed once per process.
 */
final class BasePoint {
  /** wNAF width for B's scalar: 64 precomputed points, about one addition per 9 bits. */
  static final int WNAF_WIDTH = 8;

  private static final byte[] ENCODED = {
    0x58, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
    0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66
  };

  private static final AffinePoint AFFINE = AffinePoint.decode(ENCODED, 0);

  private static final CachedPoint[] ODD_MULTIPLES =
      CachedPoint.normalizedOddMultiples(AFFINE, 1 << (WNAF_WIDTH - 2));

  private BasePoint() {}

  /** B itself, normalized (z = 1), for adding B to an accumulator. */
  static CachedPoint cached() {
    return ODD_MULTIPLES[0];
  }

  /** B in affine coordinates (callers must not modify it). */
  static AffinePoint affine() {
    return AFFINE;
  }

  /** Adds the term [n]B to {@code sum}, for 0 <= n < L. */
  static MultiScalarSum addMultiple(MultiScalarSum sum, BigInteger n) {
    return sum.add(Wnaf.of(n, WNAF_WIDTH), ODD_MULTIPLES);
  }
}
