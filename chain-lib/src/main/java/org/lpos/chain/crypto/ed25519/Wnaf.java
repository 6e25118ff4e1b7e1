/*
 * Adapted from the Bouncy Castle Java APIs, bcprov-jdk18on 1.83,
 * org/bouncycastle/math/ec/rfc8032/Wnaf.java (getSignedVar).
 * Copyright (c) 2000-2023 The Legion of the Bouncy Castle Inc. (https://www.bouncycastle.org),
 * MIT-style licence: see META-INF/LICENSE-bouncycastle.txt in this module.
 */
package org.lpos.chain.crypto.ed25519;

import java.math.BigInteger;

/**
 * The width-w non-adjacent form of a scalar below 2^253: one signed odd digit in
 * (-2^(w-1), 2^(w-1)) or zero per bit position, any two non-zero digits at least w positions apart,
 * so a multiplication adds about one table entry (the odd multiples up to 2^(w-1) - 1) per w+1 bits.
 */
final class Wnaf {
  /** Digit positions: a scalar below 2^253 has at most 254 wNAF digits. */
  static final int DIGITS = 256;

  private static final int WORDS = 8;

  private Wnaf() {}

  /** The digits of {@code scalar} (non-negative, below 2^255), least significant first. */
  static byte[] of(BigInteger scalar, int width) {
    return of(littleEndianWords(scalar), width);
  }

  private static byte[] of(int[] n, int width) {
    byte[] digits = new byte[DIGITS];
    int[] halves = new int[n.length * 2];
    int carryIn = n[n.length - 1] >> 31;
    for (int i = n.length, pos = halves.length; --i >= 0; ) {
      int next = n[i];
      halves[--pos] = (next >>> 16) | (carryIn << 16);
      halves[--pos] = carryIn = next;
    }
    int lead = 32 - width;
    int j = 0;
    int carry = 0;
    for (int i = 0; i < halves.length; ++i, j -= 16) {
      int word = halves[i];
      while (j < 16) {
        int word16 = word >>> j;
        int bit = word16 & 1;
        if (bit == carry) {
          ++j;
          continue;
        }
        int digit = (word16 | 1) << lead;
        carry = digit >>> 31;
        digits[(i << 4) + j] = (byte) (digit >> lead);
        j += width;
      }
    }
    return digits;
  }

  private static int[] littleEndianWords(BigInteger scalar) {
    if (scalar.signum() < 0 || scalar.bitLength() > 255) {
      throw new IllegalArgumentException("scalar out of range: " + scalar.bitLength() + " bits");
    }
    byte[] bigEndian = scalar.toByteArray();
    int[] words = new int[WORDS];
    for (int i = 0; i < bigEndian.length && i < 4 * WORDS; i++) {
      words[i >>> 2] |= (bigEndian[bigEndian.length - 1 - i] & 0xFF) << (8 * (i & 3));
    }
    return words;
  }
}
