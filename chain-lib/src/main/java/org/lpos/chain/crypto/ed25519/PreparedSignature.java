package org.lpos.chain.crypto.ed25519;

import java.math.BigInteger;

/**
 * A signature that passed the encoding rules, decoded for the verification equation: R as a point,
 * S and the challenge k = H(R || A || M) mod L as integers. Built once per item, it serves the
 * first batch equation and every sub-batch of the bisection that follows a failure.
 */
final class PreparedSignature {
  /** wNAF width of R's 128-bit batch coefficient: 4 odd multiples, one addition per 5 bits. */
  private static final int R_WNAF_WIDTH = 4;

  private static final int SIGNATURE_BYTES = 2 * AffinePoint.ENCODED_BYTES;

  final Ed25519PublicKey publicKey;
  final BigInteger s;
  final BigInteger k;
  private final AffinePoint r;
  private CachedPoint[] rOddMultiples;

  private PreparedSignature(Ed25519PublicKey publicKey, AffinePoint r, BigInteger s, BigInteger k) {
    this.publicKey = publicKey;
    this.r = r;
    this.s = s;
    this.k = k;
  }

  /**
   * The decoded signature, or null when the encoding rules reject it: a length other than 64
   * bytes, {@code S >= L}, or an R that is not a canonical encoding of a curve point. An R of
   * small order passes (as in BouncyCastle's verify): it cannot help a forger, see
   * {@link Ed25519BatchVerifier}.
   */
  static PreparedSignature of(Ed25519PublicKey publicKey, byte[] message, byte[] signature) {
    if (signature.length != SIGNATURE_BYTES) {
      return null;
    }
    BigInteger s = GroupScalars.decodeLittleEndian(signature, AffinePoint.ENCODED_BYTES, GroupScalars.ENCODED_BYTES);
    if (s.compareTo(GroupScalars.L) >= 0) {
      return null;
    }
    AffinePoint r = AffinePoint.decode(signature, 0);
    if (r == null) {
      return null;
    }
    BigInteger k = GroupScalars.challenge(signature, publicKey.encodedUnsafe(), message);
    return new PreparedSignature(publicKey, r, s, k);
  }

  /** Adds [1]R to {@code sum}: the single equation's R term, without a table. */
  MultiScalarSum addR(MultiScalarSum sum) {
    return sum.add(Wnaf.of(BigInteger.ONE, 2), CachedPoint.oddMultiples(r, 1));
  }

  /** Adds [z]R to {@code sum}, for a batch coefficient z below 2^128. */
  MultiScalarSum addRMultiple(MultiScalarSum sum, BigInteger z) {
    if (rOddMultiples == null) {
      rOddMultiples = CachedPoint.oddMultiples(r, 1 << (R_WNAF_WIDTH - 2));
    }
    return sum.add(Wnaf.of(z, R_WNAF_WIDTH), rOddMultiples);
  }

  /** Adds [n]A to {@code sum}, for 0 <= n < L. */
  MultiScalarSum addKeyMultiple(MultiScalarSum sum, BigInteger n) {
    return sum.add(Wnaf.of(n, Ed25519PublicKey.WNAF_WIDTH), publicKey.oddMultiples());
  }
}
