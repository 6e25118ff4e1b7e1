package org.lpos.chain.crypto.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The constant-time ladder against the verifier's variable-time wNAF multiplication, on B and on a
 * hash point, for edge scalars (0, 1, L - 1, L, L + 1, the largest accepted) and random ones
 * (fixed seed 1938).
 */
class FixedWindowLadderTest {
  private static final BigInteger L = GroupScalars.L;

  @Test
  void agreesWithTheVariableTimeMultiplication() {
    AffinePoint h = Ecvrf.encodeToCurve(new byte[32], new byte[] {42}).point();
    List<BigInteger> scalars = new ArrayList<>(List.of(BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
        L.subtract(BigInteger.ONE), L, L.add(BigInteger.ONE), BigInteger.ONE.shiftLeft(254),
        BigInteger.ONE.shiftLeft(255).subtract(BigInteger.ONE)));
    SplittableRandom random = new SplittableRandom(1938);
    for (int i = 0; i < 200; i++) {
      byte[] bytes = new byte[32];
      random.nextBytes(bytes);
      bytes[31] &= 0x7F;
      scalars.add(GroupScalars.decodeLittleEndian(bytes, 0, 32));
    }
    for (AffinePoint p : List.of(BasePoint.affine(), h)) {
      CachedPoint[] table = FixedWindowLadder.table(p);
      CachedPoint[] wnafTable = CachedPoint.oddMultiples(p, 8);
      for (BigInteger n : scalars) {
        byte[] expected = new MultiScalarSum(1).add(Wnaf.of(n.mod(L), 5), wnafTable).sum().toAffine().encode();
        byte[] actual = FixedWindowLadder.multiply(Ed25519Fixtures.littleEndian(n), table).toAffine().encode();
        assertArrayEquals(expected, actual, "n = " + n);
      }
    }
  }

  @Test
  void scalarsOutsideItsRangeAreRefused() {
    CachedPoint[] table = FixedWindowLadder.table(BasePoint.affine());
    assertThrows(IllegalArgumentException.class, () -> FixedWindowLadder.multiply(new byte[31], table));
    byte[] tooLarge = new byte[32];
    tooLarge[31] = (byte) 0x80;
    assertThrows(IllegalArgumentException.class, () -> FixedWindowLadder.multiply(tooLarge, table));
  }
}
