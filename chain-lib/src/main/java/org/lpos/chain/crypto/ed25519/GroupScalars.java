package org.lpos.chain.crypto.ed25519;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Arithmetic on scalars modulo the prime order L = 2^252 + 27742317777372353535851937790883648493
 * of the edwards25519 base point, on {@link BigInteger}: a batch needs a handful of products per
 * signature, which costs little next to its point additions.
 */
final class GroupScalars {
  /** The order of the base point. */
  static final BigInteger L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  static final int ENCODED_BYTES = 32;

  /** Scratch digests, one per thread; they hold no state between calls. */
  private static final ThreadLocal<MessageDigest> SHA512 = ThreadLocal.withInitial(GroupScalars::sha512);

  private GroupScalars() {}

  /** The little-endian integer in {@code bytes[offset..offset+length)}. */
  static BigInteger decodeLittleEndian(byte[] bytes, int offset, int length) {
    byte[] bigEndian = new byte[length];
    for (int i = 0; i < length; i++) {
      bigEndian[i] = bytes[offset + length - 1 - i];
    }
    return new BigInteger(1, bigEndian);
  }

  /** k = SHA-512(R || A || M) mod L, the challenge of an Ed25519 signature (RFC 8032 5.1.7). */
  static BigInteger challenge(byte[] signature, byte[] publicKey, byte[] message) {
    MessageDigest sha = SHA512.get();
    sha.update(signature, 0, AffinePoint.ENCODED_BYTES);
    sha.update(publicKey);
    sha.update(message);
    return decodeLittleEndian(sha.digest(), 0, 64).mod(L);
  }

  private static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-512", e);
    }
  }
}
