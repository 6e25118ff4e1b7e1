package org.lpos.chain.crypto.ed25519;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Signatures made with BouncyCastle, and the integer arithmetic the edge-case tests need to craft
 * signatures no honest signer makes (small-order and mixed-order points, non-canonical encodings).
 */
final class Ed25519Fixtures {
  static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  static final BigInteger L = GroupScalars.L;

  /** A key pair and one signature made with it. */
  record Signed(byte[] seed, byte[] publicKey, byte[] message, byte[] signature) {
    Ed25519PublicKey key() {
      return Ed25519PublicKey.decode(publicKey).orElseThrow();
    }

    Ed25519BatchVerifier.Item item() {
      return new Ed25519BatchVerifier.Item(key(), message, signature);
    }

    Signed withSignature(byte[] other) {
      return new Signed(seed, publicKey, message, other);
    }
  }

  private Ed25519Fixtures() {}

  /** A fresh key from {@code random} and its signature over a random message of {@code messageBytes}. */
  static Signed sign(SplittableRandom random, int messageBytes) {
    byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
    random.nextBytes(seed);
    byte[] message = new byte[messageBytes];
    random.nextBytes(message);
    return sign(seed, message);
  }

  static Signed sign(byte[] seed, byte[] message) {
    byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(seed, 0, publicKey, 0);
    byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    Ed25519.sign(seed, 0, publicKey, 0, message, 0, message.length, signature, 0);
    return new Signed(seed, publicKey, message, signature);
  }

  /** BouncyCastle's verification from encoded key bytes (the reference the tests compare with). */
  static boolean bouncyCastleVerify(byte[] publicKey, byte[] message, byte[] signature) {
    return Ed25519.verify(signature, 0, publicKey, 0, message, 0, message.length);
  }

  /** The secret scalar a of a seed: SHA-512(seed)[0..32) clamped (RFC 8032 5.1.5). */
  static BigInteger secretScalar(byte[] seed) {
    byte[] h = sha512(seed);
    h[0] &= (byte) 0xF8;
    h[31] &= 0x7F;
    h[31] |= 0x40;
    return GroupScalars.decodeLittleEndian(h, 0, 32);
  }

  /** k = SHA-512(R || A || M) mod L. */
  static BigInteger challenge(byte[] r, byte[] publicKey, byte[] message) {
    return GroupScalars.challenge(concat(r, new byte[32]), publicKey, message);
  }

  /** The 64-byte signature (R, S) with S encoded little-endian as given (not reduced). */
  static byte[] signature(byte[] r, BigInteger s) {
    return concat(r, littleEndian(s));
  }

  /** 32-byte little-endian encoding of 0 <= n < 2^256. */
  static byte[] littleEndian(BigInteger n) {
    byte[] out = new byte[32];
    for (int i = 0; i < 32; i++) {
      out[i] = n.shiftRight(8 * i).byteValue();
    }
    return out;
  }

  /**
   * The encoding of P + T2 for the encoded point P = (x, y) with x != 0, where T2 = (0, -1) is the
   * point of order 2: P + T2 = (-x, -y), so y becomes p - y and the sign of x flips.
   */
  static byte[] plusPointOfOrderTwo(byte[] encoded) {
    byte[] copy = encoded.clone();
    int sign = (copy[31] >> 7) & 1;
    copy[31] &= 0x7F;
    BigInteger y = GroupScalars.decodeLittleEndian(copy, 0, 32);
    byte[] out = littleEndian(P.subtract(y).mod(P));
    out[31] |= (byte) ((sign ^ 1) << 7);
    return out;
  }

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static byte[] flipBit(byte[] bytes, int bit) {
    byte[] copy = bytes.clone();
    copy[bit >>> 3] ^= (byte) (1 << (bit & 7));
    return copy;
  }

  private static byte[] sha512(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-512").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
