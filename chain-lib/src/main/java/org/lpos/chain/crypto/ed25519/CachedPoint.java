/*
 * Adapted from the Bouncy Castle Java APIs, bcprov-jdk18on 1.83,
 * org/bouncycastle/math/ec/rfc8032/Ed25519.java (PointPrecompZ, PointExtended, pointAdd, pointCopy and pointPrecomputeZ).
 * Copyright (c) 2000-2023 The Legion of the Bouncy Castle Inc. (https://www.bouncycastle.org),
 * MIT-style licence: see META-INF/LICENSE-bouncycastle.txt in this module.
 */
package org.lpos.chain.crypto.ed25519;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * A point kept ready to be added to a {@link PointAccumulator}: BouncyCastle's "PointPrecompZ"
 * form ((y - x)/2, (y + x)/2, x.y.d and z, where halving x and y is replaced by doubling z and t).
 * Tables of odd multiples {P, 3P, 5P, ...} of a point are what the wNAF multiplication reads; they
 * are never written after construction, so one table may be shared by threads.
 */
final class CachedPoint {
  final int[] yMinusXHalf = X25519Field.create();
  final int[] yPlusXHalf = X25519Field.create();
  final int[] xyd = X25519Field.create();
  final int[] z = X25519Field.create();

  private CachedPoint() {}

  /** {P, 3P, 5P, ..., (2 count - 1)P}: the table a wNAF of width w reads when count = 2^(w-2). */
  static CachedPoint[] oddMultiples(AffinePoint p, int count) {
    CachedPoint[] table = new CachedPoint[count];
    ExtendedPoint q = ExtendedPoint.of(p);
    ExtendedPoint twice = new ExtendedPoint();
    ExtendedPoint.add(q, q, twice);
    for (int i = 0; ; i++) {
      table[i] = of(q);
      if (i + 1 == count) {
        return table;
      }
      ExtendedPoint.add(q, twice, q);
    }
  }

  private static CachedPoint of(ExtendedPoint p) {
    CachedPoint r = new CachedPoint();
    X25519Field.apm(p.y, p.x, r.yPlusXHalf, r.yMinusXHalf);
    X25519Field.mul(p.t, AffinePoint.D2, r.xyd);
    X25519Field.add(p.z, p.z, r.z);
    return r;
  }

  /** Extended coordinates (x, y, z, t = xy/z), used only while building tables. */
  private static final class ExtendedPoint {
    final int[] x = X25519Field.create();
    final int[] y = X25519Field.create();
    final int[] z = X25519Field.create();
    final int[] t = X25519Field.create();
    private final int[] r0 = X25519Field.create();
    private final int[] r1 = X25519Field.create();

    static ExtendedPoint of(AffinePoint p) {
      ExtendedPoint r = new ExtendedPoint();
      X25519Field.copy(p.x, 0, r.x, 0);
      X25519Field.copy(p.y, 0, r.y, 0);
      X25519Field.one(r.z);
      X25519Field.mul(p.x, p.y, r.t);
      return r;
    }

    /** r = p + q; p may be r, q may not. */
    static void add(ExtendedPoint p, ExtendedPoint q, ExtendedPoint r) {
      int[] a = r.x;
      int[] b = r.y;
      int[] c = r.r0;
      int[] d = r.r1;
      int[] e = a;
      int[] f = c;
      int[] g = d;
      int[] h = b;
      X25519Field.apm(p.y, p.x, b, a);
      X25519Field.apm(q.y, q.x, d, c);
      X25519Field.mul(a, c, a);
      X25519Field.mul(b, d, b);
      X25519Field.mul(p.t, q.t, c);
      X25519Field.mul(c, AffinePoint.D2, c);
      X25519Field.add(p.z, p.z, d);
      X25519Field.mul(d, q.z, d);
      X25519Field.apm(b, a, h, e);
      X25519Field.apm(d, c, g, f);
      X25519Field.mul(e, h, r.t);
      X25519Field.mul(f, g, r.z);
      X25519Field.mul(e, f, r.x);
      X25519Field.mul(h, g, r.y);
    }
  }
}
