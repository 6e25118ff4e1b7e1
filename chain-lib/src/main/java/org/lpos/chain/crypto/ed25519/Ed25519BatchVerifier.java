package org.lpos.chain.crypto.ed25519;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * Ed25519 verification (RFC 8032), one signature at a time or many in one randomized batch
 * equation, with the same acceptance rules either way, so a batch never accepts what the single
 * check refuses and never refuses what it accepts:
 *
 * <ul>
 *   <li>the public key is a canonical encoding of a point of prime order ({@link Ed25519PublicKey});
 *   <li>S is canonical ({@code S < L}); R is a canonical encoding ({@code y < p}, no "negative
 *       zero" x) of a curve point; an R of small order is accepted, as BouncyCastle accepts it: it
 *       satisfies the equation only if S = k.a mod L, which only the key's owner can compute, and
 *       that signature reveals the secret scalar a = S/k to everyone, so it forges nothing;
 *   <li>the cofactored equation [8][S]B = [8]R + [8][k]A with k = SHA-512(R || A || M) mod L.
 * </ul>
 *
 * <p>A batch of n signatures checks [8](-(sum z_i S_i) B + sum [z_i] R_i + sum [z_i k_i] A_i) = 0
 * with fresh random 128-bit z_i, in one multi-scalar multiplication. With the cofactored equation
 * each signature that passes alone adds a multiple of a small-order point, which the factor 8
 * removes, so the batch passes whenever every signature passes; if one fails, the batch passes
 * with probability at most 2^-128. After a failure the batch is split in halves and the halves are
 * checked again, down to single signatures, to find the bad ones.
 *
 * <p>Compared with BouncyCastle 1.83's {@code Ed25519.verify}, which is also cofactored (its
 * Straus loop ends with doublings that clear the cofactor) and also requires canonical R and
 * {@code S < L} and accepts small-order R: from a {@code PublicPoint} made by
 * {@code validatePublicKeyFullExport} (what {@code org.lpos.chain.crypto.Signatures} does) it
 * accepts exactly what this class accepts. From encoded key bytes it refuses only keys of small
 * order, so it accepts a key A' = A + T with a torsion component T (seven in eight curve points
 * are of that kind) and signatures that satisfy the cofactored equation for it; this class refuses
 * such keys, because a mixed-order key is a second encoding under which A's owner can sign (the
 * factor 8 erases T), and LPOS identifies stakeholders by key bytes.
 * {@code Ed25519BatchVerifierEdgeCasesTest} pins each of these cases down.
 *
 * <p>Instances hold only their random source and may be shared by threads (a {@link SecureRandom}
 * is thread-safe).
 */
public final class Ed25519BatchVerifier {
  private static final int COEFFICIENT_BITS = 128;

  /**
   * Fewer signatures are checked one by one: a batch shares its ~256 doublings among its items,
   * and below four items that saves less than the batch's extra R multiplications cost.
   */
  private static final int SMALLEST_BATCH = 4;

  private final Random random;

  /** A verifier whose batch coefficients come from a new {@link SecureRandom}. */
  public Ed25519BatchVerifier() {
    this(new SecureRandom());
  }

  /**
   * A verifier whose batch coefficients come from {@code random}. Only tests should pass a seeded
   * generator: whoever can predict the coefficients can build a batch that passes with bad
   * signatures in it.
   */
  public Ed25519BatchVerifier(Random random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /** One signature to check in a batch: a validated key, the signed bytes and the 64-byte signature. */
  public record Item(Ed25519PublicKey publicKey, byte[] message, byte[] signature) {
    /** Checks that no component is null. */
    public Item {
      Objects.requireNonNull(publicKey, "publicKey");
      Objects.requireNonNull(message, "message");
      Objects.requireNonNull(signature, "signature");
    }
  }

  /** Whether {@code signature} by the encoded {@code publicKey} over {@code message} is valid. */
  public boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
    return Ed25519PublicKey.decode(publicKey).map(key -> verify(key, message, signature)).orElse(false);
  }

  /** Whether {@code signature} by {@code publicKey} over {@code message} is valid. */
  public boolean verify(Ed25519PublicKey publicKey, byte[] message, byte[] signature) {
    PreparedSignature prepared = PreparedSignature.of(publicKey, message, signature);
    return prepared != null && singleEquationHolds(prepared);
  }

  /**
   * Which of {@code items} are valid: element i is what {@link #verify(Ed25519PublicKey, byte[],
   * byte[])} says of item i. When all are valid this costs one batch equation (from four items;
   * fewer are checked one by one).
   */
  public boolean[] verifyAll(List<Item> items) {
    boolean[] valid = new boolean[items.size()];
    PreparedSignature[] candidates = new PreparedSignature[items.size()];
    int[] positions = new int[items.size()];
    int count = 0;
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      PreparedSignature prepared = PreparedSignature.of(item.publicKey(), item.message(), item.signature());
      if (prepared != null) {
        candidates[count] = prepared;
        positions[count] = i;
        count++;
      }
    }
    checkRange(candidates, positions, 0, count, false, valid);
    return valid;
  }

  /**
   * Marks the valid items among candidates[from, to) and says whether all are. A range whose batch
   * equation fails holds at least one invalid signature (valid ones always pass together), so when
   * the left half of a failed range passes, the right half is known to fail and is split without
   * checking it whole: locating one bad signature among n then costs about as much again as the
   * failed batch (n/2 + n/4 + ... items), not twice as much. Ranges below {@link #SMALLEST_BATCH}
   * are checked one by one, which costs no more.
   */
  private boolean checkRange(
      PreparedSignature[] candidates, int[] positions, int from, int to, boolean knownToFail, boolean[] valid) {
    if (to - from == 1 && knownToFail) {
      valid[positions[from]] = false;
      return false;
    }
    if (to - from < SMALLEST_BATCH) {
      boolean all = true;
      for (int i = from; i < to; i++) {
        valid[positions[i]] = singleEquationHolds(candidates[i]);
        all &= valid[positions[i]];
      }
      return all;
    }
    if (!knownToFail && batchEquationHolds(candidates, from, to)) {
      for (int i = from; i < to; i++) {
        valid[positions[i]] = true;
      }
      return true;
    }
    int middle = (from + to) >>> 1;
    boolean leftValid = checkRange(candidates, positions, from, middle, false, valid);
    boolean rightValid = checkRange(candidates, positions, middle, to, leftValid, valid);
    return leftValid && rightValid;
  }

  /** [8](R + [k]A - [S]B) = 0. */
  private static boolean singleEquationHolds(PreparedSignature signature) {
    MultiScalarSum sum = new MultiScalarSum(3);
    signature.addR(sum);
    signature.addKeyMultiple(sum, signature.k);
    BasePoint.addMultiple(sum, GroupScalars.L.subtract(signature.s).mod(GroupScalars.L));
    return sum.timesCofactorIsNeutral();
  }

  /** [8](sum [z_i]R_i + sum [z_i k_i]A_i - [sum z_i S_i]B) = 0 for fresh random z_i. */
  private boolean batchEquationHolds(PreparedSignature[] candidates, int from, int to) {
    MultiScalarSum sum = new MultiScalarSum(2 * (to - from) + 1);
    BigInteger baseScalar = BigInteger.ZERO;
    for (int i = from; i < to; i++) {
      PreparedSignature signature = candidates[i];
      BigInteger z = nonZeroCoefficient();
      signature.addRMultiple(sum, z);
      signature.addKeyMultiple(sum, z.multiply(signature.k).mod(GroupScalars.L));
      baseScalar = baseScalar.add(z.multiply(signature.s));
    }
    BasePoint.addMultiple(sum, baseScalar.negate().mod(GroupScalars.L));
    return sum.timesCofactorIsNeutral();
  }

  private BigInteger nonZeroCoefficient() {
    BigInteger z;
    do {
      z = new BigInteger(COEFFICIENT_BITS, random);
    } while (z.signum() == 0);
    return z;
  }
}
