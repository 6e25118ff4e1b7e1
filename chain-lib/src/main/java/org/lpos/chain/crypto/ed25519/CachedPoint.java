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
 * form ((y - x)/2, (y + x)/2, x.y.d and z, where halving x and y is replaced by doubling z and t),
 * or, once normalized, its "PointPrecomp" form with z = 1, which saves one multiplication per
 * addition and a quarter of the memory. Tables of odd multiples {P, 3P, 5P, ...} of a point are
 * what the wNAF multiplication reads; they are never written after construction, so one table may
 * be shared by threads.
 */
final class CachedPoint {
  final int[] yMinusXHalf = X25519Field.create();
  final int[] yPlusXHalf = X25519Field.create();
  final int[] xyd = X25519Field.create();
  /** The projective z (doubled); null when normalized to z = 1. */
  final int[] z;

  private CachedPoint(boolean normalized) {
    z = normalized ? null : X25519Field.create();
  }

  /** A point with projective z whose fields a constant-time table lookup overwrites. */
  static CachedPoint lookupTarget() {
    return new CachedPoint(false);
  }

  /** {P, 3P, 5P, ..., (2 count - 1)P}: the table a wNAF of width w reads when count = 2^(w-2). */
  static CachedPoint[] oddMultiples(AffinePoint p, int count) {
    ExtendedPoint[] multiples = extendedOddMultiples(p, count);
    CachedPoint[] table = new CachedPoint[count];
    for (int i = 0; i < count; i++) {
      ExtendedPoint q = multiples[i];
      CachedPoint r = table[i] = new CachedPoint(false);
      X25519Field.apm(q.y, q.x, r.yPlusXHalf, r.yMinusXHalf);
      X25519Field.mul(q.t, AffinePoint.D2, r.xyd);
      X25519Field.add(q.z, q.z, r.z);
    }
    return table;
  }

  /**
   * The same table normalized to z = 1 with one field inversion for all entries (Montgomery's
   * trick): worth it for tables that are read many times, such as a key's or the base point's.
   */
  static CachedPoint[] normalizedOddMultiples(AffinePoint p, int count) {
    ExtendedPoint[] multiples = extendedOddMultiples(p, count);
    int[][] inverses = halfInverseZs(multiples);
    CachedPoint[] table = new CachedPoint[count];
    int[] xHalf = X25519Field.create();
    int[] yHalf = X25519Field.create();
    for (int i = 0; i < count; i++) {
      ExtendedPoint q = multiples[i];
      CachedPoint r = table[i] = new CachedPoint(true);
      X25519Field.mul(q.x, inverses[i], xHalf);
      X25519Field.mul(q.y, inverses[i], yHalf);
      X25519Field.apm(yHalf, xHalf, r.yPlusXHalf, r.yMinusXHalf);
      // x/2 . y/2 . 2d, doubled: x.y.d
      X25519Field.mul(xHalf, yHalf, r.xyd);
      X25519Field.mul(r.xyd, AffinePoint.D2, r.xyd);
      X25519Field.add(r.xyd, r.xyd, r.xyd);
      X25519Field.normalize(r.yPlusXHalf);
      X25519Field.normalize(r.yMinusXHalf);
      X25519Field.normalize(r.xyd);
    }
    return table;
  }

  private static ExtendedPoint[] extendedOddMultiples(AffinePoint p, int count) {
    ExtendedPoint[] multiples = new ExtendedPoint[count];
    multiples[0] = ExtendedPoint.of(p);
    ExtendedPoint twice = new ExtendedPoint();
    ExtendedPoint.add(multiples[0], multiples[0], twice);
    for (int i = 1; i < count; i++) {
      multiples[i] = new ExtendedPoint();
      ExtendedPoint.add(multiples[i - 1], twice, multiples[i]);
    }
    return multiples;
  }

  /** 1/(2 z_i) for every point, with one inversion. */
  private static int[][] halfInverseZs(ExtendedPoint[] points) {
    int n = points.length;
    int[][] prefix = new int[n][];
    int[] running = X25519Field.create();
    X25519Field.copy(points[0].z, 0, running, 0);
    prefix[0] = running.clone();
    for (int i = 1; i < n; i++) {
      X25519Field.mul(running, points[i].z, running);
      prefix[i] = running.clone();
    }
    X25519Field.add(running, running, running);
    X25519Field.invVar(running, running);
    int[][] inverses = new int[n][];
    for (int i = n - 1; i > 0; i--) {
      inverses[i] = X25519Field.create();
      X25519Field.mul(running, prefix[i - 1], inverses[i]);
      X25519Field.mul(running, points[i].z, running);
    }
    inverses[0] = running;
    return inverses;
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
