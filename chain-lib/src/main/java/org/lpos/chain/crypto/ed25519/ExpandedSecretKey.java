package org.lpos.chain.crypto.ed25519;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * An Ed25519 secret seed expanded as RFC 8032 5.1.5 says (and BouncyCastle does): h = SHA-512(seed),
 * the secret scalar a is h[0..32) with its low three bits cleared, bit 255 cleared and bit 254 set
 * (little-endian), the nonce prefix is h[32..64), and the public key is [a]B, computed by
 * BouncyCastle's constant-time comb.
 */
final class ExpandedSecretKey {
  static final int SEED_BYTES = Ed25519.SECRET_KEY_SIZE;

  /** The clamped secret scalar a, 32 bytes little-endian. */
  final byte[] scalar;
  /** The second half of SHA-512(seed), which keys the deterministic nonces. */
  final byte[] prefix;
  /** The 32-byte encoded public key [a]B. */
  final byte[] publicKey;

  private ExpandedSecretKey(byte[] scalar, byte[] prefix, byte[] publicKey) {
    this.scalar = scalar;
    this.prefix = prefix;
    this.publicKey = publicKey;
  }

  /** The expansion of a 32-byte seed; refuses any other length. */
  static ExpandedSecretKey of(byte[] seed) {
    if (seed == null || seed.length != SEED_BYTES) {
      throw new IllegalArgumentException("an Ed25519 secret seed has " + SEED_BYTES + " bytes");
    }
    byte[] h = sha512().digest(seed);
    byte[] scalar = Arrays.copyOfRange(h, 0, 32);
    scalar[0] &= (byte) 0xF8;
    scalar[31] &= 0x7F;
    scalar[31] |= 0x40;
    byte[] prefix = Arrays.copyOfRange(h, 32, 64);
    Arrays.fill(h, (byte) 0);
    byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    return new ExpandedSecretKey(scalar, prefix, publicKey);
  }

  static MessageDigest sha512() {
    try {
      return MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-512", e);
    }
  }
}
