/*
 * Adapted from the Bouncy Castle Java APIs, bcprov-jdk18on 1.83,
 * org/bouncycastle/math/ec/rfc8032/Scalar25519.java (reduce512, the limb constants),
 * org/bouncycastle/math/ec/rfc8032/Ed25519.java (calculateS) and
 * org/bouncycastle/math/ec/rfc8032/Codec.java.
 * Copyright (c) 2000-2023 The Legion of the Bouncy Castle Inc. (https://www.bouncycastle.org),
 * MIT-style licence: see META-INF/LICENSE-bouncycastle.txt in this module.
 */
package org.lpos.chain.crypto.ed25519;

import org.bouncycastle.math.raw.Nat256;

/**
 * Arithmetic modulo L on secret scalars, in constant time: BouncyCastle's signing code, which
 * reduces a 512-bit value with fixed sequences of 64-bit multiply-subtracts and carries (no
 * branch, no early exit), where {@link GroupScalars} uses {@link java.math.BigInteger}, whose
 * running time follows the operands' lengths. The VRF prover uses it for its nonce k and for
 * s = k + c.x mod L.
 */
final class SecretScalars {
  static final int SCALAR_BYTES = 32;

  private static final long M08L = 0x000000FFL;
  private static final long M28L = 0x0FFFFFFFL;
  private static final long M32L = 0xFFFFFFFFL;

  private static final int L0 = -0x030A2C13; // L0:26/--
  private static final int L1 = 0x012631A6; // L1:24/22
  private static final int L2 = 0x079CD658; // L2:27/--
  private static final int L3 = -0x006215D1; // L3:23/--
  private static final int L4 = 0x000014DF; // L4:12/11

  private SecretScalars() {}

  /**
   * (r + a.b) mod L, 32 bytes little-endian, for little-endian 32-byte r, a and b whose value
   * r + a.b stays below 2^512 (BouncyCastle's calculateS: S = r + k.s for Ed25519).
   */
  static byte[] multiplyAdd(byte[] a, byte[] b, byte[] r) {
    int[] t = new int[16];
    int[] u = new int[8];
    int[] v = new int[8];
    decode32(r, 0, t, 8);
    decode32(a, 0, u, 8);
    decode32(b, 0, v, 8);
    Nat256.mulAddTo(u, v, t);
    byte[] wide = new byte[2 * SCALAR_BYTES];
    for (int i = 0; i < 16; i++) {
      encode32(t[i], wide, 4 * i);
    }
    return reduce512(wide);
  }

  /** The 64-byte little-endian integer {@code n} reduced mod L, as 32 bytes little-endian. */
  static byte[] reduce512(byte[] n) {
    long x00 =  decode32(n,  0)       & M32L;         // x00:32/--
    long x01 = (decode24(n,  4) << 4) & M32L;         // x01:28/--
    long x02 =  decode32(n,  7)       & M32L;         // x02:32/--
    long x03 = (decode24(n, 11) << 4) & M32L;         // x03:28/--
    long x04 =  decode32(n, 14)       & M32L;         // x04:32/--
    long x05 = (decode24(n, 18) << 4) & M32L;         // x05:28/--
    long x06 =  decode32(n, 21)       & M32L;         // x06:32/--
    long x07 = (decode24(n, 25) << 4) & M32L;         // x07:28/--
    long x08 =  decode32(n, 28)       & M32L;         // x08:32/--
    long x09 = (decode24(n, 32) << 4) & M32L;         // x09:28/--
    long x10 =  decode32(n, 35)       & M32L;         // x10:32/--
    long x11 = (decode24(n, 39) << 4) & M32L;         // x11:28/--
    long x12 =  decode32(n, 42)       & M32L;         // x12:32/--
    long x13 = (decode24(n, 46) << 4) & M32L;         // x13:28/--
    long x14 =  decode32(n, 49)       & M32L;         // x14:32/--
    long x15 = (decode24(n, 53) << 4) & M32L;         // x15:28/--
    long x16 =  decode32(n, 56)       & M32L;         // x16:32/--
    long x17 = (decode24(n, 60) << 4) & M32L;         // x17:28/--
    long x18 =                 n[63]        & M08L;         // x18:08/--
    long t;

    // The bounds allow skipping the carry from x17 into x18 here.
    x09 -= x18 * L0;                            // x09:34/28
    x10 -= x18 * L1;                            // x10:33/30
    x11 -= x18 * L2;                            // x11:35/28
    x12 -= x18 * L3;                            // x12:32/31
    x13 -= x18 * L4;                            // x13:28/21

    x17 += (x16 >> 28); x16 &= M28L;            // x17:28/--, x16:28/--
    x08 -= x17 * L0;                            // x08:54/32
    x09 -= x17 * L1;                            // x09:52/51
    x10 -= x17 * L2;                            // x10:55/34
    x11 -= x17 * L3;                            // x11:51/36
    x12 -= x17 * L4;                            // x12:41/--

    // The bounds allow skipping the carry from x15 into x16 here.
    x07 -= x16 * L0;                            // x07:54/28
    x08 -= x16 * L1;                            // x08:54/53
    x09 -= x16 * L2;                            // x09:55/53
    x10 -= x16 * L3;                            // x10:55/52
    x11 -= x16 * L4;                            // x11:51/41

    x15 += (x14 >> 28); x14 &= M28L;            // x15:28/--, x14:28/--
    x06 -= x15 * L0;                            // x06:54/32
    x07 -= x15 * L1;                            // x07:54/53
    x08 -= x15 * L2;                            // x08:56/--
    x09 -= x15 * L3;                            // x09:55/54
    x10 -= x15 * L4;                            // x10:55/53

    // The bounds allow skipping the carry from x13 into x14 here.
    x05 -= x14 * L0;                            // x05:54/28
    x06 -= x14 * L1;                            // x06:54/53
    x07 -= x14 * L2;                            // x07:56/--
    x08 -= x14 * L3;                            // x08:56/51
    x09 -= x14 * L4;                            // x09:56/--

    x13 += (x12 >> 28); x12 &= M28L;            // x13:28/22, x12:28/--
    x04 -= x13 * L0;                            // x04:54/49
    x05 -= x13 * L1;                            // x05:54/53
    x06 -= x13 * L2;                            // x06:56/--
    x07 -= x13 * L3;                            // x07:56/52
    x08 -= x13 * L4;                            // x08:56/52

    x12 += (x11 >> 28); x11 &= M28L;            // x12:28/24, x11:28/--
    x03 -= x12 * L0;                            // x03:54/49
    x04 -= x12 * L1;                            // x04:54/51
    x05 -= x12 * L2;                            // x05:56/--
    x06 -= x12 * L3;                            // x06:56/52
    x07 -= x12 * L4;                            // x07:56/53

    x11 += (x10 >> 28); x10 &= M28L;            // x11:29/--, x10:28/--
    x02 -= x11 * L0;                            // x02:55/32
    x03 -= x11 * L1;                            // x03:55/--
    x04 -= x11 * L2;                            // x04:56/55
    x05 -= x11 * L3;                            // x05:56/52
    x06 -= x11 * L4;                            // x06:56/53

    x10 += (x09 >> 28); x09 &= M28L;            // x10:29/--, x09:28/--
    x01 -= x10 * L0;                            // x01:55/28
    x02 -= x10 * L1;                            // x02:55/54
    x03 -= x10 * L2;                            // x03:56/55
    x04 -= x10 * L3;                            // x04:57/--
    x05 -= x10 * L4;                            // x05:56/53

    x08 += (x07 >> 28); x07 &= M28L;            // x08:56/53, x07:28/--
    x09 += (x08 >> 28); x08 &= M28L;            // x09:29/25, x08:28/--

    t    = x08 >>> 27;
    x09 += t;                                   // x09:29/26

    x00 -= x09 * L0;                            // x00:55/53
    x01 -= x09 * L1;                            // x01:55/54
    x02 -= x09 * L2;                            // x02:57/--
    x03 -= x09 * L3;                            // x03:57/--
    x04 -= x09 * L4;                            // x04:57/42

    x01 += (x00 >> 28); x00 &= M28L;
    x02 += (x01 >> 28); x01 &= M28L;
    x03 += (x02 >> 28); x02 &= M28L;
    x04 += (x03 >> 28); x03 &= M28L;
    x05 += (x04 >> 28); x04 &= M28L;
    x06 += (x05 >> 28); x05 &= M28L;
    x07 += (x06 >> 28); x06 &= M28L;
    x08 += (x07 >> 28); x07 &= M28L;
    x09  = (x08 >> 28); x08 &= M28L;

    x09 -= t;

    // x09 is now 0 or -1: the mask that adds L back once when the value went negative.

    x00 += x09 & L0;
    x01 += x09 & L1;
    x02 += x09 & L2;
    x03 += x09 & L3;
    x04 += x09 & L4;

    x01 += (x00 >> 28); x00 &= M28L;
    x02 += (x01 >> 28); x01 &= M28L;
    x03 += (x02 >> 28); x02 &= M28L;
    x04 += (x03 >> 28); x03 &= M28L;
    x05 += (x04 >> 28); x04 &= M28L;
    x06 += (x05 >> 28); x05 &= M28L;
    x07 += (x06 >> 28); x06 &= M28L;
    x08 += (x07 >> 28); x07 &= M28L;

    byte[] r = new byte[SCALAR_BYTES];
    encode56(x00 | (x01 << 28), r,  0);
    encode56(x02 | (x03 << 28), r,  7);
    encode56(x04 | (x05 << 28), r, 14);
    encode56(x06 | (x07 << 28), r, 21);
    encode32((int)x08,          r, 28);
    return r;
  }

  private static void decode32(byte[] bs, int bsOff, int[] n, int nLen) {
    for (int i = 0; i < nLen; ++i) {
      n[i] = decode32(bs, bsOff + i * 4);
    }
  }

  private static int decode24(byte[] bs, int off) {
    int n = bs[off] & 0xFF;
    n |= (bs[++off] & 0xFF) << 8;
    n |= (bs[++off] & 0xFF) << 16;
    return n;
  }

  private static int decode32(byte[] bs, int off) {
    int n = bs[off] & 0xFF;
    n |= (bs[++off] & 0xFF) << 8;
    n |= (bs[++off] & 0xFF) << 16;
    n |= bs[++off] << 24;
    return n;
  }

  private static void encode24(int n, byte[] bs, int off) {
    bs[off] = (byte) n;
    bs[++off] = (byte) (n >>> 8);
    bs[++off] = (byte) (n >>> 16);
  }

  private static void encode32(int n, byte[] bs, int off) {
    bs[off] = (byte) n;
    bs[++off] = (byte) (n >>> 8);
    bs[++off] = (byte) (n >>> 16);
    bs[++off] = (byte) (n >>> 24);
  }

  private static void encode56(long n, byte[] bs, int off) {
    encode32((int) n, bs, off);
    encode24((int) (n >>> 32), bs, off + 4);
  }
}
