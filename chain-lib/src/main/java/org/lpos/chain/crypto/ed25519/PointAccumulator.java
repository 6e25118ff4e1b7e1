/*
 * Adapted from the Bouncy Castle Java APIs, bcprov-jdk18on 1.83,
 * org/bouncycastle/math/ec/rfc8032/Ed25519.java (PointAccum, pointSetNeutral, pointDouble,
 * pointAddVar for PointPrecomp and PointPrecompZ, pointAdd for PointPrecompZ, normalizeToAffine,
 * normalizeToNeutralElementVar).
 * Copyright (c) 2000-2023 The Legion of the Bouncy Castle Inc. (https://www.bouncycastle.org),
 * MIT-style licence: see META-INF/LICENSE-bouncycastle.txt in this module.
 */
package org.lpos.chain.crypto.ed25519;

import org.bouncycastle.math.ec.rfc7748.X25519Field;

/**
 * The running sum of a scalar multiplication, in Hamburg's "extensible" coordinates (x, y, z and
 * t = u.v kept as two factors so a doubling does not compute it). {@link #add},
 * {@link #toAffineVar} and {@link #isNeutral} take variable time (verification handles public
 * data only);
 * {@link #doubleInPlace}, {@link #addConstantTime} and {@link #toAffine} do not branch on or index
 * by the coordinates, so the constant-time ladder ({@link FixedWindowLadder}) builds on them.
 */
final class PointAccumulator {
  private final int[] x = X25519Field.create();
  private final int[] y = X25519Field.create();
  private final int[] z = X25519Field.create();
  private final int[] u = X25519Field.create();
  private final int[] v = X25519Field.create();
  private final int[] scratch = X25519Field.create();

  /** A new accumulator holding the neutral element. */
  PointAccumulator() {
    X25519Field.one(y);
    X25519Field.one(z);
    X25519Field.one(v);
  }

  /** A new accumulator holding {@code p}. */
  static PointAccumulator of(AffinePoint p) {
    PointAccumulator r = new PointAccumulator();
    X25519Field.copy(p.x, 0, r.x, 0);
    X25519Field.copy(p.y, 0, r.y, 0);
    X25519Field.copy(p.x, 0, r.u, 0);
    X25519Field.copy(p.y, 0, r.v, 0);
    return r;
  }

  /** this = 2 this. */
  void doubleInPlace() {
    int[] a = x;
    int[] b = y;
    int[] c = z;
    int[] e = u;
    int[] f = a;
    int[] g = b;
    int[] h = v;
    X25519Field.add(x, y, e);
    X25519Field.sqr(x, a);
    X25519Field.sqr(y, b);
    X25519Field.sqr(z, c);
    X25519Field.add(c, c, c);
    X25519Field.apm(a, b, h, g);
    X25519Field.sqr(e, e);
    X25519Field.sub(h, e, e);
    X25519Field.add(c, g, f);
    X25519Field.carry(f);
    X25519Field.mul(f, g, z);
    X25519Field.mul(f, e, x);
    X25519Field.mul(g, h, y);
  }

  /** this = this + p, or this - p when {@code negate}. */
  void add(boolean negate, CachedPoint p) {
    int[] a = x;
    int[] b = y;
    int[] c = scratch;
    int[] d = z;
    int[] e = u;
    // A normalized p has z = 1, so z(this).z(p) is z(this) and needs no multiplication.
    int[] f = a;
    int[] g = b;
    int[] h = v;
    int[] na = negate ? b : a;
    int[] nb = negate ? a : b;
    int[] nf = na;
    int[] ng = nb;
    X25519Field.apm(y, x, b, a);
    X25519Field.mul(na, p.yMinusXHalf, na);
    X25519Field.mul(nb, p.yPlusXHalf, nb);
    X25519Field.mul(u, v, c);
    X25519Field.mul(c, p.xyd, c);
    if (p.z != null) {
      X25519Field.mul(z, p.z, d);
    }
    X25519Field.apm(b, a, h, e);
    X25519Field.apm(d, c, ng, nf);
    X25519Field.mul(f, g, z);
    X25519Field.mul(f, e, x);
    X25519Field.mul(g, h, y);
  }

  /**
   * this = this + p for a point with projective z ({@code p.z != null}), with no branch on either
   * point: the same operations whatever the values, as the constant-time ladder needs.
   */
  void addConstantTime(CachedPoint p) {
    int[] a = x;
    int[] b = y;
    int[] c = scratch;
    int[] d = z;
    int[] e = u;
    int[] f = a;
    int[] g = b;
    int[] h = v;
    X25519Field.apm(y, x, b, a);
    X25519Field.mul(a, p.yMinusXHalf, a);
    X25519Field.mul(b, p.yPlusXHalf, b);
    X25519Field.mul(u, v, c);
    X25519Field.mul(c, p.xyd, c);
    X25519Field.mul(z, p.z, d);
    X25519Field.apm(b, a, h, e);
    X25519Field.apm(d, c, g, f);
    X25519Field.mul(f, g, z);
    X25519Field.mul(f, e, x);
    X25519Field.mul(g, h, y);
  }

  /**
   * The affine point, with BouncyCastle's constant-time inversion of z (the point may be a secret
   * multiple whose timing must not leak the scalar).
   */
  AffinePoint toAffine() {
    int[] zInverse = X25519Field.create();
    X25519Field.inv(z, zInverse);
    return affineWith(zInverse);
  }

  /** The affine point, with the faster variable-time inversion: for public points only. */
  AffinePoint toAffineVar() {
    int[] zInverse = X25519Field.create();
    X25519Field.invVar(z, zInverse);
    return affineWith(zInverse);
  }

  private AffinePoint affineWith(int[] zInverse) {
    int[] ax = X25519Field.create();
    int[] ay = X25519Field.create();
    X25519Field.mul(zInverse, x, ax);
    X25519Field.mul(zInverse, y, ay);
    X25519Field.normalize(ax);
    X25519Field.normalize(ay);
    return AffinePoint.of(ax, ay);
  }

  /** Copies of the projective (x, y, z), for normalizing many points with one inversion. */
  int[][] projectiveCopy() {
    return new int[][] {x.clone(), y.clone(), z.clone()};
  }

  /** Whether this is the neutral element (0, 1). Normalizes the coordinates. */
  boolean isNeutral() {
    X25519Field.normalize(x);
    X25519Field.normalize(y);
    X25519Field.normalize(z);
    return X25519Field.isZeroVar(x) && !X25519Field.isZeroVar(y) && X25519Field.areEqualVar(y, z);
  }
}
