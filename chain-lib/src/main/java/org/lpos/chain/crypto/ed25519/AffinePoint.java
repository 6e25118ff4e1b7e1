/*
 * Adapted from the Bouncy Castle Java APIs, bcprov-jdk18on 1.83,
 * org/bouncycastle/math/ec/rfc8032/Ed25519.java (curve constants, PointAffine, decodePointVar/checkPointVar
 * and encodePoint).
 * Copyright (c) 2000-2023 The Legion of the Bouncy Castle Inc. (https://www.bouncycastle.org),
 * MIT-style licence: see META-INF/LICENSE-bouncycastle.txt in this module.
 */
package org.lpos.chain.crypto.ed25519;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point of edwards25519 in affine coordinates (field elements in BouncyCastle's 10-limb form),
 * decoded from its 32-byte RFC 8032 encoding with the same acceptance rules as BouncyCastle's
 * verification applies to R: the y coordinate must be canonical ({@code y < p}), x must exist, and
 * the sign bit must not be set for {@code x == 0}. Points of small order are accepted here; callers
 * that must refuse them (public keys) check that separately.
 */
final class AffinePoint {
  static final int ENCODED_BYTES = 32;

  /** d = -121665/121666, the curve constant. */
  static final int[] D = {
    0x035978A3, 0x02D37284, 0x018AB75E, 0x026A0A0E, 0x0000E014, 0x0379E898, 0x01D01E5D, 0x01E738CC,
    0x03715B7F, 0x00A406D9
  };

  /** 2d, used by the addition formulas. */
  static final int[] D2 = {
    0x02B2F159, 0x01A6E509, 0x01156EBD, 0x00D4141D, 0x0001C029, 0x02F3D130, 0x03A03CBB, 0x01CE7198,
    0x02E2B6FF, 0x00480DB3
  };

  final int[] x = X25519Field.create();
  final int[] y = X25519Field.create();

  private AffinePoint() {}

  /** The point (x, y); both must be normalized field elements. Takes copies. */
  static AffinePoint of(int[] x, int[] y) {
    AffinePoint point = new AffinePoint();
    X25519Field.copy(x, 0, point.x, 0);
    X25519Field.copy(y, 0, point.y, 0);
    return point;
  }

  /** -P = (-x, y). */
  AffinePoint negate() {
    AffinePoint negated = new AffinePoint();
    X25519Field.negate(x, negated.x);
    X25519Field.normalize(negated.x);
    X25519Field.copy(y, 0, negated.y, 0);
    return negated;
  }

  /** The 32-byte RFC 8032 encoding: y little-endian, the parity of x in the top bit. */
  byte[] encode() {
    byte[] encoded = new byte[ENCODED_BYTES];
    X25519Field.encode(y, encoded, 0);
    encoded[ENCODED_BYTES - 1] |= (byte) ((x[0] & 1) << 7);
    return encoded;
  }

  /** The point encoded at {@code encoded[offset..offset+32)}, or null when it is not a valid encoding. */
  static AffinePoint decode(byte[] encoded, int offset) {
    if (!hasCanonicalY(encoded, offset)) {
      return null;
    }
    AffinePoint point = new AffinePoint();
    int signOfX = (encoded[offset + ENCODED_BYTES - 1] & 0x80) >>> 7;
    X25519Field.decode(encoded, offset, point.y);
    // x^2 = (y^2 - 1) / (d.y^2 + 1)
    int[] u = X25519Field.create();
    int[] v = X25519Field.create();
    X25519Field.sqr(point.y, u);
    X25519Field.mul(D, u, v);
    X25519Field.subOne(u);
    X25519Field.addOne(v);
    if (!X25519Field.sqrtRatioVar(u, v, point.x)) {
      return null;
    }
    X25519Field.normalize(point.x);
    if (signOfX == 1 && X25519Field.isZeroVar(point.x)) {
      return null;
    }
    if (signOfX != (point.x[0] & 1)) {
      X25519Field.negate(point.x, point.x);
      X25519Field.normalize(point.x);
    }
    return point;
  }

  /**
   * Whether the 255-bit y (the sign bit masked) is below p = 2^255 - 19. The only encodings at or
   * above p are 0x7F..FF in the top byte, 0xFF in bytes 30..1 and at least 0xED in byte 0.
   */
  static boolean hasCanonicalY(byte[] encoded, int offset) {
    if ((encoded[offset + ENCODED_BYTES - 1] & 0x7F) != 0x7F) {
      return true;
    }
    for (int i = ENCODED_BYTES - 2; i > 0; i--) {
      if ((encoded[offset + i] & 0xFF) != 0xFF) {
        return true;
      }
    }
    return (encoded[offset] & 0xFF) < 0xED;
  }
}
