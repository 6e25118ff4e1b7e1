package org.lpos.chain.crypto.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link Ecvrf} (jqwik with fixed seeds; each try derives its key and alpha from the
 * generated {@code seed}, which jqwik reports with any failure): what is proved verifies to the
 * proof's hash, any single flipped bit is refused, and keys or proofs that RFC 9381 and RFC 8032
 * refuse (small-order keys, non-canonical encodings, s at or above L, wrong lengths) are refused
 * without exceptions.
 */
class EcvrfPropertiesTest {
  private static final BigInteger P = BigInteger.ONE.shiftLeft(255).subtract(BigInteger.valueOf(19));
  private static final int S_OFFSET = 48;

  /**
   * The eight points of small order, canonically encoded: the neutral element (0, 1), (0, -1) of
   * order 2, (+-sqrt(-1), 0) of order 4 and the four points of order 8.
   */
  static final List<String> SMALL_ORDER_POINTS = List.of(
      "0100000000000000000000000000000000000000000000000000000000000000",
      "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "0000000000000000000000000000000000000000000000000000000000000080",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
      "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a",
      "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa");

  @Property(seed = "9381", tries = 150)
  void whatIsProvedVerifiesToTheProofsHash(@ForAll long seed, @ForAll @IntRange(max = 200) int alphaBytes) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] secret = bytes(random, 32);
    byte[] alpha = bytes(random, alphaBytes);
    byte[] publicKey = Ecvrf.publicKey(secret);
    byte[] pi = Ecvrf.prove(secret, alpha);
    assertEquals(Ecvrf.PROOF_BYTES, pi.length);
    byte[] beta = Ecvrf.verify(publicKey, pi, alpha).orElseThrow();
    assertEquals(Ecvrf.OUTPUT_BYTES, beta.length);
    assertArrayEquals(Ecvrf.proofToHash(pi).orElseThrow(), beta);
    assertArrayEquals(pi, Ecvrf.prove(secret, alpha), "proofs are deterministic");
  }

  @Property(seed = "93811", tries = 100)
  void thePublicKeyIsBouncyCastles(@ForAll long seed) {
    byte[] secret = bytes(new SplittableRandom(seed), 32);
    byte[] expected = new byte[Ed25519.PUBLIC_KEY_SIZE];
    Ed25519.generatePublicKey(secret, 0, expected, 0);
    assertArrayEquals(expected, Ecvrf.publicKey(secret));
    byte[] viaLadder = FixedWindowLadder.multiply(ExpandedSecretKey.of(secret).scalar,
        FixedWindowLadder.table(BasePoint.affine())).toAffine().encode();
    assertArrayEquals(expected, viaLadder, "the constant-time ladder's [x]B");
  }

  /** Where a single bit is flipped. */
  enum Target { PROOF, ALPHA, KEY }

  @Property(seed = "938118", tries = 400)
  void aFlippedBitIsRefused(@ForAll long seed, @ForAll Target target, @ForAll @IntRange(max = 4095) int bitChoice) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] secret = bytes(random, 32);
    byte[] alpha = bytes(random, 1 + random.nextInt(40));
    byte[] publicKey = Ecvrf.publicKey(secret);
    byte[] pi = Ecvrf.prove(secret, alpha);
    Optional<byte[]> result = switch (target) {
      case PROOF -> Ecvrf.verify(publicKey, flipBit(pi, bitChoice % (8 * pi.length)), alpha);
      case ALPHA -> Ecvrf.verify(publicKey, pi, flipBit(alpha, bitChoice % (8 * alpha.length)));
      case KEY -> Ecvrf.verify(flipBit(publicKey, bitChoice % (8 * publicKey.length)), pi, alpha);
    };
    assertTrue(result.isEmpty());
  }

  @Test
  void smallOrderKeysAndTheirNonCanonicalTwinsAreRefused() {
    byte[] alpha = "alpha".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (String point : SMALL_ORDER_POINTS) {
      byte[] key = hex(point);
      assertTrue(Ecvrf.verify(key, forgeForSmallOrderKey(key, alpha), alpha).isEmpty(), point);
    }
    // y + p for y = 0 and y = 1 (the order-4 and neutral points), with either sign bit, and the
    // neutral element and (0, -1) with the sign bit set (x = 0 cannot be negative).
    for (String twin : List.of(
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
        "0100000000000000000000000000000000000000000000000000000000000080",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff")) {
      assertTrue(AffinePoint.decode(hex(twin), 0) == null, twin);
      assertTrue(Ecvrf.verify(hex(twin), forgeForSmallOrderKey(hex(SMALL_ORDER_POINTS.get(0)), alpha), alpha).isEmpty());
    }
  }

  /**
   * The forgery validate_key exists for: under a small-order key T the verifier computes U = [s]B -
   * [c]T, which depends only on c mod ord(T), so a forger guesses that residue g, sets Gamma = the
   * neutral element, s = k, U = [k]B - [g]T and V = [k]H, and wins when the challenge comes out
   * right (one try in ord(T) on average). This builds such a proof; it would pass every other check.
   */
  private static byte[] forgeForSmallOrderKey(byte[] key, byte[] alpha) {
    AffinePoint t = AffinePoint.decode(key, 0);
    int order = orderOf(t);
    Ecvrf.HashPoint h = Ecvrf.encodeToCurve(key, alpha);
    byte[] gamma = hex(SMALL_ORDER_POINTS.get(0));
    CachedPoint minusT = CachedPoint.oddMultiples(t.negate(), 1)[0];
    SplittableRandom random = new SplittableRandom(Arrays.hashCode(key));
    for (int attempt = 0; attempt < 1000; attempt++) {
      byte[] k = randomScalar(random);
      int guess = random.nextInt(order);
      PointAccumulator u = FixedWindowLadder.multiply(k, FixedWindowLadder.table(BasePoint.affine()));
      for (int i = 0; i < guess; i++) {
        u.add(false, minusT);
      }
      byte[] uEncoded = u.toAffine().encode();
      byte[] v = FixedWindowLadder.multiply(k, FixedWindowLadder.table(h.point())).toAffine().encode();
      byte[] c = Ecvrf.challenge(key, h.encoded(), gamma, uEncoded, v);
      if (new BigInteger(1, reversed(c)).mod(BigInteger.valueOf(order)).intValue() == guess) {
        byte[] pi = new byte[Ecvrf.PROOF_BYTES];
        System.arraycopy(gamma, 0, pi, 0, 32);
        System.arraycopy(c, 0, pi, 32, 16);
        System.arraycopy(k, 0, pi, S_OFFSET, 32);
        return pi;
      }
    }
    throw new AssertionError("no forgery in 1000 attempts");
  }

  @Property(seed = "93812", tries = 30)
  void sAtOrAboveLIsRefusedEvenWhenItIsSPlusL(@ForAll long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    byte[] secret = bytes(random, 32);
    byte[] alpha = bytes(random, 16);
    byte[] pi = Ecvrf.prove(secret, alpha);
    BigInteger s = GroupScalars.decodeLittleEndian(pi, S_OFFSET, 32);
    // [s + L]B = [s]B and [s + L]H = [s]H: only the range check refuses this proof.
    for (BigInteger bad : List.of(s.add(GroupScalars.L), GroupScalars.L, BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE))) {
      byte[] forged = pi.clone();
      System.arraycopy(Ed25519Fixtures.littleEndian(bad), 0, forged, S_OFFSET, 32);
      assertTrue(Ecvrf.verify(Ecvrf.publicKey(secret), forged, alpha).isEmpty());
      assertTrue(Ecvrf.proofToHash(forged).isEmpty());
    }
  }

  @Test
  void nonCanonicalGammaIsRefused() {
    byte[] secret = bytes(new SplittableRandom(9381), 32);
    byte[] alpha = new byte[0];
    byte[] pi = Ecvrf.prove(secret, alpha);
    for (int y = 0; y < 19; y++) {
      for (int sign = 0; sign < 2; sign++) {
        byte[] encoding = Ed25519Fixtures.littleEndian(P.add(BigInteger.valueOf(y)));
        encoding[31] |= (byte) (sign << 7);
        byte[] forged = pi.clone();
        System.arraycopy(encoding, 0, forged, 0, 32);
        assertTrue(Ecvrf.proofToHash(forged).isEmpty(), "y = p + " + y);
        assertTrue(Ecvrf.verify(Ecvrf.publicKey(secret), forged, alpha).isEmpty());
        assertTrue(Ecvrf.verify(encoding, pi, alpha).isEmpty(), "key y = p + " + y);
      }
    }
  }

  @Test
  void wrongLengthsAndNullsAreRefusedWithoutExceptions() {
    byte[] secret = bytes(new SplittableRandom(93), 32);
    byte[] alpha = {1, 2, 3};
    byte[] publicKey = Ecvrf.publicKey(secret);
    byte[] pi = Ecvrf.prove(secret, alpha);
    for (int length : new int[] {0, 1, 31, 33, 64}) {
      assertTrue(Ecvrf.verify(Arrays.copyOf(publicKey, length), pi, alpha).isEmpty());
    }
    for (int length : new int[] {0, 1, 32, 48, 79, 81, 160}) {
      assertTrue(Ecvrf.verify(publicKey, Arrays.copyOf(pi, length), alpha).isEmpty());
      assertTrue(Ecvrf.proofToHash(Arrays.copyOf(pi, length)).isEmpty());
    }
    assertTrue(Ecvrf.verify(null, pi, alpha).isEmpty());
    assertTrue(Ecvrf.verify(publicKey, null, alpha).isEmpty());
    assertTrue(Ecvrf.verify(publicKey, pi, null).isEmpty());
    assertTrue(Ecvrf.proofToHash(null).isEmpty());
    assertTrue(Ecvrf.verify(publicKey, pi, alpha).isPresent());
    byte[] longAlpha = bytes(new SplittableRandom(94), 100_000);
    assertTrue(Ecvrf.verify(publicKey, Ecvrf.prove(secret, longAlpha), longAlpha).isPresent());
  }

  private static int orderOf(AffinePoint p) {
    PointAccumulator multiple = PointAccumulator.of(p);
    for (int order = 1; order <= 8; order *= 2) {
      if (copyIsNeutral(multiple)) {
        return order;
      }
      multiple.doubleInPlace();
    }
    throw new AssertionError("not of small order");
  }

  private static boolean copyIsNeutral(PointAccumulator p) {
    return Arrays.equals(p.toAffine().encode(), hex(SMALL_ORDER_POINTS.get(0)));
  }

  /** A uniform scalar below L, 32 bytes little-endian. */
  private static byte[] randomScalar(SplittableRandom random) {
    return Ed25519Fixtures.littleEndian(new BigInteger(1, bytes(random, 64)).mod(GroupScalars.L));
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] flipBit(byte[] bytes, int bit) {
    return Ed25519Fixtures.flipBit(bytes, bit);
  }

  private static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex);
  }

  private static byte[] reversed(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }
}
