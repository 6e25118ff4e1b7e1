package org.lpos.chain.crypto.ed25519;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 public key that passed the full validation: a canonical encoding ({@code y < p}) of a
 * point of prime order L, so neither a small-order key nor a mixed-order key (a prime-order point
 * plus a torsion component) is ever accepted. The validation is BouncyCastle's
 * {@code Ed25519.validatePublicKeyFull}, the same one {@code org.lpos.chain.crypto.Signatures}
 * applies, so a key is valid here exactly when it is valid there.
 *
 * <p>Validation costs about one verification, and the key keeps its table of odd multiples for
 * the verifier (8 precomputed points, about 1 KB), so callers that see the same keys repeatedly
 * should keep the decoded keys, in a cache sized with that in mind.
 * Instances are immutable and may be shared by threads.
 */
public final class Ed25519PublicKey {
  /** Length of an encoded key. */
  public static final int ENCODED_BYTES = Ed25519.PUBLIC_KEY_SIZE;

  /** wNAF width of the key's scalar in a batch: 8 odd multiples, about one addition per 6 bits. */
  static final int WNAF_WIDTH = 5;

  private final byte[] encoded;
  private final CachedPoint[] oddMultiples;

  private Ed25519PublicKey(byte[] encoded, AffinePoint point) {
    this.encoded = encoded;
    this.oddMultiples = CachedPoint.normalizedOddMultiples(point, 1 << (WNAF_WIDTH - 2));
  }

  /** The key encoded in {@code encoded}, if it is 32 bytes of a canonical point of prime order. */
  public static Optional<Ed25519PublicKey> decode(byte[] encoded) {
    if (encoded.length != ENCODED_BYTES || !Ed25519.validatePublicKeyFull(encoded, 0)) {
      return Optional.empty();
    }
    byte[] copy = encoded.clone();
    AffinePoint point = AffinePoint.decode(copy, 0);
    if (point == null) {
      throw new IllegalStateException("a validated key must decode");
    }
    return Optional.of(new Ed25519PublicKey(copy, point));
  }

  /** The 32-byte encoding (a copy). */
  public byte[] encoded() {
    return encoded.clone();
  }

  /** The encoding itself, for hashing; callers in this package never modify it. */
  byte[] encodedUnsafe() {
    return encoded;
  }

  CachedPoint[] oddMultiples() {
    return oddMultiples;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Ed25519PublicKey key && Arrays.equals(encoded, key.encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    StringBuilder hex = new StringBuilder("Ed25519PublicKey[");
    for (byte b : encoded) {
      hex.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return hex.append(']').toString();
  }
}
