package org.lpos.chain.crypto.ed25519;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * ECVRF-EDWARDS25519-SHA512-TAI, the verifiable random function of RFC 9381 (suite 0x03): a
 * secret key holder computes, for any input alpha, a 64-byte output beta and an 80-byte proof pi
 * = Gamma (32) || c (16) || s (32) with which anyone holding the public key checks that beta is
 * the one output for alpha. The key is an Ed25519 key pair (RFC 8032 5.1.5): the 32-byte secret
 * seed and the public key Y = [x]B.
 *
 * <p>Followed step by step from RFC 9381 §5: encode_to_curve by try-and-increment (§5.4.1.1, salt =
 * the public key's encoding; the first candidate that decodes, times the cofactor 8), nonce
 * generation as in RFC 8032 (§5.4.2.2: k = SHA-512(SHA-512(seed)[32..64) || H) mod L), challenge
 * generation over (Y, H, Gamma, U, V) (§5.4.3), decode_proof refusing {@code s >= L}, and
 * string_to_point per RFC 8032 5.1.3, which refuses non-canonical encodings (y at or above p, or
 * x = 0 with the sign bit set). Verification validates the key (validate_key = TRUE, §5.4.5):
 * an encoding of a point of small order is refused. Checked against RFC 9381 Appendix B.3 in
 * {@code EcvrfRfc9381VectorsTest}; docs/vrf.md explains the construction and its sources.
 *
 * <p>Constant time where the secret scalars are involved: the prover's [x]H, [k]B and [k]H use
 * {@link FixedWindowLadder} (fixed 4-bit windows, lookups by conditional moves over the whole
 * table), the results are brought to affine form with BouncyCastle's constant-time inversion, and
 * k mod L and s = k + c.x mod L are computed with BouncyCastle's constant-time scalar code
 * ({@link SecretScalars}). What is not constant time handles public data only: hashing alpha to a
 * curve point (the number of tries depends on alpha and the public key), the public key's
 * computation (BouncyCastle's constant-time comb, but computed from the seed in every call), and
 * the whole of {@link #verify} and {@link #proofToHash}, which see only the key, the proof and
 * alpha and reuse the verifier's variable-time multi-scalar multiplication
 * ({@link MultiScalarSum}).
 *
 * <p>Stateless; every method may be called from any thread.
 */
public final class Ecvrf {
  /** Length of a proof pi = Gamma (32) || c (16) || s (32). */
  public static final int PROOF_BYTES = 80;
  /** Length of an output beta. */
  public static final int OUTPUT_BYTES = 64;
  /** Length of a public key (an Ed25519 public key). */
  public static final int PUBLIC_KEY_BYTES = AffinePoint.ENCODED_BYTES;

  private static final byte SUITE = 0x03;
  private static final byte ENCODE_TO_CURVE_DOMAIN_FRONT = 0x01;
  private static final byte CHALLENGE_DOMAIN_FRONT = 0x02;
  private static final byte PROOF_TO_HASH_DOMAIN_FRONT = 0x03;
  private static final byte DOMAIN_BACK = 0x00;
  private static final int POINT_BYTES = AffinePoint.ENCODED_BYTES;
  private static final int CHALLENGE_BYTES = 16;
  private static final int MAX_ENCODE_TRIES = 256;

  /** wNAF width for H's scalar s in verification: 8 odd multiples. */
  private static final int HASH_POINT_WNAF_WIDTH = 5;
  /** wNAF width for the 128-bit challenge's points -Y and -Gamma: 4 odd multiples. */
  private static final int CHALLENGE_WNAF_WIDTH = 4;

  private static final CachedPoint[] BASE_LADDER_TABLE = FixedWindowLadder.table(BasePoint.affine());

  private Ecvrf() {}

  /** The public key of a 32-byte secret seed (the Ed25519 public key, RFC 8032 5.1.5). */
  public static byte[] publicKey(byte[] secretSeed32) {
    return ExpandedSecretKey.of(secretSeed32).publicKey.clone();
  }

  /**
   * pi for alpha under a 32-byte Ed25519 secret seed (the RFC 8032 private key, which RFC 9381
   * uses for this suite).
   *
   * @throws IllegalArgumentException when the seed is not 32 bytes
   */
  public static byte[] prove(byte[] secretSeed32, byte[] alpha) {
    Objects.requireNonNull(alpha, "alpha");
    ExpandedSecretKey key = ExpandedSecretKey.of(secretSeed32);
    HashPoint h = encodeToCurve(key.publicKey, alpha);
    if (h == null) {
      throw new IllegalStateException("no curve point among 256 hashes of alpha (probability 2^-256)");
    }
    CachedPoint[] hTable = FixedWindowLadder.table(h.point);
    byte[] gamma = FixedWindowLadder.multiply(key.scalar, hTable).toAffine().encode();
    byte[] k = nonce(key.prefix, h.encoded);
    byte[] u = FixedWindowLadder.multiply(k, BASE_LADDER_TABLE).toAffine().encode();
    byte[] v = FixedWindowLadder.multiply(k, hTable).toAffine().encode();
    byte[] c = challenge(key.publicKey, h.encoded, gamma, u, v);
    byte[] s = SecretScalars.multiplyAdd(Arrays.copyOf(c, SecretScalars.SCALAR_BYTES), key.scalar, k);
    Arrays.fill(k, (byte) 0);
    byte[] proof = new byte[PROOF_BYTES];
    System.arraycopy(gamma, 0, proof, 0, POINT_BYTES);
    System.arraycopy(c, 0, proof, POINT_BYTES, CHALLENGE_BYTES);
    System.arraycopy(s, 0, proof, POINT_BYTES + CHALLENGE_BYTES, SecretScalars.SCALAR_BYTES);
    return proof;
  }

  /**
   * beta when pi is a valid proof for alpha under publicKey32 (validate_key = TRUE), else empty.
   * Never throws on bad input of any length (null included).
   */
  public static Optional<byte[]> verify(byte[] publicKey32, byte[] proof, byte[] alpha) {
    if (publicKey32 == null || alpha == null || publicKey32.length != PUBLIC_KEY_BYTES) {
      return Optional.empty();
    }
    AffinePoint y = AffinePoint.decode(publicKey32, 0);
    if (y == null || isOfSmallOrder(y)) {
      return Optional.empty();
    }
    DecodedProof decoded = DecodedProof.of(proof);
    if (decoded == null) {
      return Optional.empty();
    }
    HashPoint h = encodeToCurve(publicKey32, alpha);
    if (h == null) {
      return Optional.empty();
    }
    // U = [s]B - [c]Y and V = [s]H - [c]Gamma, as sums with the negated points.
    byte[] sDigits = Wnaf.of(decoded.s, HASH_POINT_WNAF_WIDTH);
    byte[] cDigits = Wnaf.of(decoded.c, CHALLENGE_WNAF_WIDTH);
    MultiScalarSum uSum = BasePoint.addMultiple(new MultiScalarSum(2), decoded.s)
        .add(cDigits, CachedPoint.oddMultiples(y.negate(), 1 << (CHALLENGE_WNAF_WIDTH - 2)));
    MultiScalarSum vSum = new MultiScalarSum(2)
        .add(sDigits, CachedPoint.oddMultiples(h.point, 1 << (HASH_POINT_WNAF_WIDTH - 2)))
        .add(cDigits, CachedPoint.oddMultiples(decoded.gamma.negate(), 1 << (CHALLENGE_WNAF_WIDTH - 2)));
    byte[] u = uSum.sum().toAffineVar().encode();
    byte[] v = vSum.sum().toAffineVar().encode();
    byte[] expected = challenge(publicKey32, h.encoded, decoded.gammaEncoded, u, v);
    if (!MessageDigest.isEqual(expected, decoded.cEncoded)) {
      return Optional.empty();
    }
    return Optional.of(outputOf(decoded.gamma));
  }

  /** beta of a proof, without verifying it (ECVRF_proof_to_hash); empty if pi does not decode. */
  public static Optional<byte[]> proofToHash(byte[] proof) {
    DecodedProof decoded = DecodedProof.of(proof);
    return decoded == null ? Optional.empty() : Optional.of(outputOf(decoded.gamma));
  }

  /** beta = SHA-512(suite || 0x03 || point_to_string(8 Gamma) || 0x00) (§5.2). */
  private static byte[] outputOf(AffinePoint gamma) {
    MessageDigest sha = ExpandedSecretKey.sha512();
    sha.update(SUITE);
    sha.update(PROOF_TO_HASH_DOMAIN_FRONT);
    sha.update(timesCofactor(gamma).encode());
    sha.update(DOMAIN_BACK);
    return sha.digest();
  }

  /**
   * ECVRF_encode_to_curve_try_and_increment (§5.4.1.1): the first of SHA-512(suite || 0x01 || PK
   * || alpha || ctr || 0x00), ctr = 0, 1, ..., 255, whose first 32 bytes decode to a point, times
   * the cofactor; null when none does.
   */
  static HashPoint encodeToCurve(byte[] publicKey, byte[] alpha) {
    MessageDigest sha = ExpandedSecretKey.sha512();
    for (int counter = 0; counter < MAX_ENCODE_TRIES; counter++) {
      sha.update(SUITE);
      sha.update(ENCODE_TO_CURVE_DOMAIN_FRONT);
      sha.update(publicKey);
      sha.update(alpha);
      sha.update((byte) counter);
      sha.update(DOMAIN_BACK);
      AffinePoint candidate = AffinePoint.decode(sha.digest(), 0);
      if (candidate != null) {
        AffinePoint point = timesCofactor(candidate);
        return new HashPoint(point, point.encode());
      }
    }
    return null;
  }

  /** k = SHA-512(prefix || H) mod L (§5.4.2.2, RFC 8032's nonce), 32 bytes little-endian. */
  static byte[] nonce(byte[] prefix, byte[] hEncoded) {
    byte[] kString = nonceString(prefix, hEncoded);
    byte[] k = SecretScalars.reduce512(kString);
    Arrays.fill(kString, (byte) 0);
    return k;
  }

  /** k_string = SHA-512(prefix || H), before the reduction mod L (the RFC's test vectors list it). */
  static byte[] nonceString(byte[] prefix, byte[] hEncoded) {
    MessageDigest sha = ExpandedSecretKey.sha512();
    sha.update(prefix);
    sha.update(hEncoded);
    return sha.digest();
  }

  /** c = the first 16 bytes of SHA-512(suite || 0x02 || Y || H || Gamma || U || V || 0x00) (§5.4.3). */
  static byte[] challenge(byte[] y, byte[] h, byte[] gamma, byte[] u, byte[] v) {
    MessageDigest sha = ExpandedSecretKey.sha512();
    sha.update(SUITE);
    sha.update(CHALLENGE_DOMAIN_FRONT);
    sha.update(y);
    sha.update(h);
    sha.update(gamma);
    sha.update(u);
    sha.update(v);
    sha.update(DOMAIN_BACK);
    return Arrays.copyOf(sha.digest(), CHALLENGE_BYTES);
  }

  /** Whether 8 P is the neutral element (ECVRF_validate_key's test). */
  private static boolean isOfSmallOrder(AffinePoint p) {
    PointAccumulator eight = PointAccumulator.of(p);
    eight.doubleInPlace();
    eight.doubleInPlace();
    eight.doubleInPlace();
    return eight.isNeutral();
  }

  /** 8 P, for public points (H, Gamma). */
  private static AffinePoint timesCofactor(AffinePoint p) {
    PointAccumulator eight = PointAccumulator.of(p);
    eight.doubleInPlace();
    eight.doubleInPlace();
    eight.doubleInPlace();
    return eight.toAffineVar();
  }

  /** H and its encoding point_to_string(H). */
  static final class HashPoint {
    private final AffinePoint point;
    private final byte[] encoded;

    HashPoint(AffinePoint point, byte[] encoded) {
      this.point = point;
      this.encoded = encoded;
    }

    AffinePoint point() {
      return point;
    }

    byte[] encoded() {
      return encoded;
    }
  }

  /** ECVRF_decode_proof (§5.4.4): Gamma a canonical point encoding, s below L. */
  private static final class DecodedProof {
    final AffinePoint gamma;
    final byte[] gammaEncoded;
    final byte[] cEncoded;
    final BigInteger c;
    final BigInteger s;

    private DecodedProof(AffinePoint gamma, byte[] proof, BigInteger c, BigInteger s) {
      this.gamma = gamma;
      this.gammaEncoded = Arrays.copyOf(proof, POINT_BYTES);
      this.cEncoded = Arrays.copyOfRange(proof, POINT_BYTES, POINT_BYTES + CHALLENGE_BYTES);
      this.c = c;
      this.s = s;
    }

    /** The decoded proof, or null when it is not 80 bytes, Gamma does not decode or s >= L. */
    static DecodedProof of(byte[] proof) {
      if (proof == null || proof.length != PROOF_BYTES) {
        return null;
      }
      AffinePoint gamma = AffinePoint.decode(proof, 0);
      if (gamma == null) {
        return null;
      }
      BigInteger s = GroupScalars.decodeLittleEndian(proof, POINT_BYTES + CHALLENGE_BYTES, GroupScalars.ENCODED_BYTES);
      if (s.compareTo(GroupScalars.L) >= 0) {
        return null;
      }
      BigInteger c = GroupScalars.decodeLittleEndian(proof, POINT_BYTES, CHALLENGE_BYTES);
      return new DecodedProof(gamma, proof, c, s);
    }
  }
}
