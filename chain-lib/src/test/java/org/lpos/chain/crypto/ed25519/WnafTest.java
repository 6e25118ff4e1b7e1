package org.lpos.chain.crypto.ed25519;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The wNAF digits of scalars below 2^253 (jqwik, fixed seed): they sum back to the scalar. */
class WnafTest {
  @Property(seed = "253", tries = 300)
  void digitsAreOddBoundedSpacedAndSumToTheScalar(
      @ForAll long seed, @ForAll @IntRange(min = 0, max = 253) int bits, @ForAll @IntRange(min = 2, max = 8) int width) {
    BigInteger scalar = new BigInteger(bits, new Random(seed));
    byte[] digits = Wnaf.of(scalar, width);
    BigInteger sum = BigInteger.ZERO;
    int lastNonZero = -width;
    for (int i = 0; i < digits.length; i++) {
      int digit = digits[i];
      if (digit != 0) {
        assertTrue((digit & 1) == 1 && Math.abs(digit) < (1 << (width - 1)), "digit " + digit + " at " + i);
        assertTrue(i - lastNonZero >= width, "digits closer than the width at " + i);
        lastNonZero = i;
        sum = sum.add(BigInteger.valueOf(digit).shiftLeft(i));
      }
    }
    assertEquals(scalar, sum);
  }

  @Property(seed = "252", tries = 50)
  void theLargestScalarsBelowTheOrderRecode(@ForAll @IntRange(min = 1, max = 1000) int below) {
    BigInteger scalar = GroupScalars.L.subtract(BigInteger.valueOf(below));
    byte[] digits = Wnaf.of(scalar, 8);
    BigInteger sum = BigInteger.ZERO;
    for (int i = 0; i < digits.length; i++) {
      sum = sum.add(BigInteger.valueOf(digits[i]).shiftLeft(i));
    }
    assertEquals(scalar, sum);
  }
}
