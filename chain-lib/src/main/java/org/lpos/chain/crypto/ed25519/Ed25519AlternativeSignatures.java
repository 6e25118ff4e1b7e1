package org.lpos.chain.crypto.ed25519;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * Many valid Ed25519 signatures of one message under one key: the grinding adversary's tool. An
 * Ed25519 signature (R, S) verifies for any nonce r, with R = [r]B, S = r + k.a mod L and
 * k = SHA-512(R || A || M) mod L; RFC 8032 only recommends deriving r from the key and the message.
 * A signer who wants a signature with some property (a low ticket, PROTOCOL §6) can therefore try
 * as many as it likes, and every one of them is accepted by every verifier.
 *
 * <p>The nonces are r_i = r_0 + i with r_0 = SHA-512(salt || prefix || M) mod L (salt as 8 bytes
 * big-endian, prefix the second half of SHA-512(seed)), so R_i = R_{i-1} + B costs one point
 * addition, and all R_i are brought to affine coordinates with a single field inversion
 * (Montgomery's trick). The R_i are distinct because the r_i are distinct modulo L, and so are the
 * signatures.
 *
 * <p>Not constant time, and not meant to be: the node never signs with this class (it signs with
 * BouncyCastle's {@code Ed25519.sign}); it serves simulations of misbehaving stakeholders, whose
 * keys are test keys.
 */
public final class Ed25519AlternativeSignatures {
  /** Most signatures one call returns. */
  public static final int MAX_COUNT = 65_536;

  private static final int POINT_BYTES = AffinePoint.ENCODED_BYTES;

  private Ed25519AlternativeSignatures() {}

  /**
   * {@code count} distinct valid 64-byte signatures of {@code message} under the key of the 32-byte
   * {@code secretSeed32}, the same list for the same inputs; another {@code salt} gives another list.
   *
   * @throws IllegalArgumentException when the seed is not 32 bytes or count is not in [1, 65,536]
   */
  public static List<byte[]> sign(byte[] secretSeed32, byte[] message, int count, long salt) {
    if (count < 1 || count > MAX_COUNT) {
      throw new IllegalArgumentException("count must be in [1, " + MAX_COUNT + "]: " + count);
    }
    ExpandedSecretKey key = ExpandedSecretKey.of(secretSeed32);
    BigInteger a = GroupScalars.decodeLittleEndian(key.scalar, 0, 32);
    BigInteger r0 = firstNonce(salt, key.prefix, message);
    byte[][] commitments = commitments(r0, count);
    List<byte[]> signatures = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      BigInteger k = GroupScalars.challenge(commitments[i], key.publicKey, message);
      BigInteger s = r0.add(BigInteger.valueOf(i)).add(k.multiply(a)).mod(GroupScalars.L);
      byte[] signature = new byte[2 * POINT_BYTES];
      System.arraycopy(commitments[i], 0, signature, 0, POINT_BYTES);
      System.arraycopy(littleEndian32(s), 0, signature, POINT_BYTES, 32);
      signatures.add(signature);
    }
    return signatures;
  }

  private static BigInteger firstNonce(long salt, byte[] prefix, byte[] message) {
    MessageDigest sha = ExpandedSecretKey.sha512();
    sha.update(ByteBuffer.allocate(Long.BYTES).putLong(salt).array());
    sha.update(prefix);
    sha.update(message);
    return GroupScalars.decodeLittleEndian(sha.digest(), 0, 64).mod(GroupScalars.L);
  }

  /** The encodings of R_i = [r0 + i]B for i < count. */
  private static byte[][] commitments(BigInteger r0, int count) {
    PointAccumulator r = FixedWindowLadder.multiply(littleEndian32(r0), FixedWindowLadder.table(BasePoint.affine()));
    int[][][] projective = new int[count][][];
    projective[0] = r.projectiveCopy();
    CachedPoint b = BasePoint.cached();
    for (int i = 1; i < count; i++) {
      r.add(false, b);
      projective[i] = r.projectiveCopy();
    }
    int[][] zInverses = inverseZs(projective);
    byte[][] encoded = new byte[count][];
    int[] x = X25519Field.create();
    int[] y = X25519Field.create();
    for (int i = 0; i < count; i++) {
      X25519Field.mul(projective[i][0], zInverses[i], x);
      X25519Field.mul(projective[i][1], zInverses[i], y);
      X25519Field.normalize(x);
      X25519Field.normalize(y);
      encoded[i] = AffinePoint.of(x, y).encode();
    }
    return encoded;
  }

  /** 1/z_i for every point, with one inversion (Montgomery's trick). */
  private static int[][] inverseZs(int[][][] projective) {
    int n = projective.length;
    int[][] prefix = new int[n][];
    int[] running = projective[0][2].clone();
    prefix[0] = running.clone();
    for (int i = 1; i < n; i++) {
      X25519Field.mul(running, projective[i][2], running);
      prefix[i] = running.clone();
    }
    X25519Field.invVar(running, running);
    int[][] inverses = new int[n][];
    for (int i = n - 1; i > 0; i--) {
      inverses[i] = X25519Field.create();
      X25519Field.mul(running, prefix[i - 1], inverses[i]);
      X25519Field.mul(running, projective[i][2], running);
    }
    inverses[0] = running;
    return inverses;
  }

  private static byte[] littleEndian32(BigInteger n) {
    byte[] out = new byte[32];
    for (int i = 0; i < 32; i++) {
      out[i] = n.shiftRight(8 * i).byteValue();
    }
    return out;
  }
}
