package org.lpos.chain.crypto.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.chain.crypto.ed25519.Ed25519Fixtures.L;
import static org.lpos.chain.crypto.ed25519.Ed25519Fixtures.bouncyCastleVerify;
import static org.lpos.chain.crypto.ed25519.Ed25519Fixtures.challenge;
import static org.lpos.chain.crypto.ed25519.Ed25519Fixtures.hex;
import static org.lpos.chain.crypto.ed25519.Ed25519Fixtures.secretScalar;
import static org.lpos.chain.crypto.ed25519.Ed25519Fixtures.signature;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lpos.chain.crypto.Signatures;

/**
 * Signatures no honest signer makes, crafted with the integer arithmetic of the scheme: each is
 * checked against our single check, our batch (between valid signatures) and BouncyCastle's
 * {@code Ed25519.verify} from key bytes, and the one difference with BouncyCastle (mixed-order
 * keys) is pinned down.
 */
class Ed25519BatchVerifierEdgeCasesTest {
  private static final long SEED = 0xED25519L;

  /** The eight points of small order, each by its canonical encoding(s). */
  private static final List<String> SMALL_ORDER_ENCODINGS =
      List.of(
          "0100000000000000000000000000000000000000000000000000000000000000", // identity
          "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", // order 2: (0, -1)
          "0000000000000000000000000000000000000000000000000000000000000000", // order 4: y = 0
          "0000000000000000000000000000000000000000000000000000000000000080", // order 4, other x
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a", // order 8
          "c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05",
          "26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85");

  /** y = p + 1: a non-canonical encoding of the identity. */
  private static final String NON_CANONICAL_IDENTITY =
      "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f";

  /** The identity with the sign bit set: x = 0 cannot be "negative". */
  private static final String NEGATIVE_ZERO_IDENTITY =
      "0100000000000000000000000000000000000000000000000000000000000080";

  private static Ed25519Fixtures.Signed valid;
  private static Ed25519Fixtures.Signed other;
  private static List<Ed25519BatchVerifier.Item> neighbours;

  private final Ed25519BatchVerifier verifier = new Ed25519BatchVerifier(new Random(SEED));

  @BeforeAll
  static void signSome() {
    System.out.println("Ed25519BatchVerifierEdgeCasesTest seed=" + SEED);
    SplittableRandom random = new SplittableRandom(SEED);
    valid = Ed25519Fixtures.sign(random, 100);
    other = Ed25519Fixtures.sign(random, 100);
    neighbours = List.of(valid.item(), other.item(), Ed25519Fixtures.sign(random, 7).item(), Ed25519Fixtures.sign(random, 0).item());
  }

  /**
   * Our single check, our batch (the input second among four valid signatures, enough for the
   * batch equation) and BouncyCastle, on one input.
   */
  private record Verdicts(boolean single, boolean batched, boolean bouncyCastle) {}

  private Verdicts verdicts(Ed25519Fixtures.Signed signed) {
    boolean single = verifier.verify(signed.publicKey(), signed.message(), signed.signature());
    boolean batched =
        Ed25519PublicKey.decode(signed.publicKey())
            .map(key -> verifier.verifyAll(List.of(neighbours.get(0), new Ed25519BatchVerifier.Item(key, signed.message(), signed.signature()),
                neighbours.get(1), neighbours.get(2), neighbours.get(3)))[1])
            .orElse(false);
    return new Verdicts(single, batched, bouncyCastleVerify(signed.publicKey(), signed.message(), signed.signature()));
  }

  private static byte[] rOf(byte[] signature) {
    return Arrays.copyOf(signature, 32);
  }

  private static BigInteger sOf(byte[] signature) {
    return GroupScalars.decodeLittleEndian(signature, 32, 32);
  }

  @Test
  void sPlusLIsRefusedThoughItSatisfiesTheEquation() {
    Ed25519Fixtures.Signed malleated = valid.withSignature(signature(rOf(valid.signature()), sOf(valid.signature()).add(L)));
    assertEquals(new Verdicts(false, false, false), verdicts(malleated));
  }

  @Test
  void sEqualToLIsRefused() {
    assertEquals(new Verdicts(false, false, false), verdicts(valid.withSignature(signature(rOf(valid.signature()), L))));
  }

  @Test
  void sOfAllOnesIsRefused() {
    BigInteger allOnes = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    assertEquals(new Verdicts(false, false, false), verdicts(valid.withSignature(signature(rOf(valid.signature()), allOnes))));
  }

  @ParameterizedTest
  @ValueSource(strings = {NON_CANONICAL_IDENTITY, NEGATIVE_ZERO_IDENTITY})
  void aNonCanonicalRIsRefusedEvenWhenTheEquationHolds(String r) {
    // With R the identity, S = k.a satisfies the equation; only the encoding rule refuses it.
    byte[] encodedR = hex(r);
    BigInteger k = challenge(encodedR, valid.publicKey(), valid.message());
    BigInteger s = k.multiply(secretScalar(valid.seed())).mod(L);
    assertEquals(new Verdicts(false, false, false), verdicts(valid.withSignature(signature(encodedR, s))));
  }

  @Test
  void rWithYAtOrAbovePIsRefused() {
    byte[] r = hex("edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"); // y = p
    assertEquals(new Verdicts(false, false, false), verdicts(valid.withSignature(signature(r, BigInteger.ONE))));
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void anRofSmallOrderIsAcceptedWhenTheEquationHolds(int which) {
    // The identity and the point of order 2: S = k.a mod L (only the key's owner can compute it).
    byte[] r = hex(SMALL_ORDER_ENCODINGS.get(which));
    BigInteger k = challenge(r, valid.publicKey(), valid.message());
    BigInteger s = k.multiply(secretScalar(valid.seed())).mod(L);
    assertEquals(new Verdicts(true, true, true), verdicts(valid.withSignature(signature(r, s))));
    assertEquals(new Verdicts(false, false, false), verdicts(valid.withSignature(signature(r, s.add(BigInteger.ONE)))));
  }

  @Test
  void anRWithATorsionComponentPassesTheCofactoredEquation() {
    // R' = R + T2 with S = r + k'.a: [S]B - R' - [k']A = -T2, which only the factor 8 removes, so a
    // cofactorless check would refuse what the cofactored single and batch checks both accept.
    BigInteger r = secretScalar(other.seed());
    byte[] mixedR = Ed25519Fixtures.plusPointOfOrderTwo(other.publicKey());
    BigInteger k = challenge(mixedR, valid.publicKey(), valid.message());
    BigInteger s = r.add(k.multiply(secretScalar(valid.seed()))).mod(L);
    assertEquals(new Verdicts(true, true, true), verdicts(valid.withSignature(signature(mixedR, s))));
  }

  @Test
  void smallOrderKeysAreRefusedWithSignaturesThatSatisfyTheEquation() {
    // For A of small order, [8][k]A = 0, so (R = [s]B, S = s) satisfies the cofactored equation
    // for every message: only the key rule stops it.
    BigInteger s = secretScalar(other.seed()).mod(L);
    byte[] forged = signature(other.publicKey(), s);
    for (String encoded : SMALL_ORDER_ENCODINGS) {
      byte[] key = hex(encoded);
      assertTrue(Ed25519PublicKey.decode(key).isEmpty(), encoded);
      assertFalse(verifier.verify(key, valid.message(), forged), encoded);
      assertFalse(bouncyCastleVerify(key, valid.message(), forged), encoded);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {NON_CANONICAL_IDENTITY, "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
      "f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"})
  void nonCanonicalKeysAreRefused(String encoded) {
    byte[] key = hex(encoded);
    assertTrue(Ed25519PublicKey.decode(key).isEmpty());
    assertFalse(verifier.verify(key, valid.message(), valid.signature()));
    assertFalse(bouncyCastleVerify(key, valid.message(), valid.signature()));
  }

  @Test
  void mixedOrderKeysAreTheOneDifferenceWithBouncyCastlesVerifyFromBytes() {
    // A' = A + T2 with S = r + k'.a mod L: [S]B - R - [k']A' = [k']T2, removed by the factor 8.
    // BouncyCastle's verify from key bytes refuses only small-order keys and accepts this; we
    // refuse every key that is not of prime order, as LPOS's Signatures (full validation) does.
    byte[] mixedKey = Ed25519Fixtures.plusPointOfOrderTwo(valid.publicKey());
    BigInteger r = secretScalar(other.seed());
    BigInteger k = challenge(other.publicKey(), mixedKey, valid.message());
    BigInteger s = r.add(k.multiply(secretScalar(valid.seed()))).mod(L);
    byte[] sig = signature(other.publicKey(), s);

    assertTrue(bouncyCastleVerify(mixedKey, valid.message(), sig), "BouncyCastle accepts the mixed-order key");
    assertTrue(Ed25519PublicKey.decode(mixedKey).isEmpty());
    assertFalse(verifier.verify(mixedKey, valid.message(), sig));
    assertFalse(Signatures.verify(ByteString.copyFrom(mixedKey), valid.message(), ByteString.copyFrom(sig)));
  }

  @Test
  void errorsThatCancelInAnUnweightedSumAreBothFound() {
    // S_1 + d and S_2 - d: the sum of the two equations still holds, only random weights expose them.
    BigInteger delta = BigInteger.valueOf(SEED);
    Ed25519Fixtures.Signed first = valid.withSignature(signature(rOf(valid.signature()), sOf(valid.signature()).add(delta).mod(L)));
    Ed25519Fixtures.Signed second = other.withSignature(signature(rOf(other.signature()), sOf(other.signature()).subtract(delta).mod(L)));
    List<Ed25519BatchVerifier.Item> batch = List.of(first.item(), neighbours.get(2), second.item(), neighbours.get(3));
    assertArrayEquals(new boolean[] {false, true, false, true}, verifier.verifyAll(batch));
  }

  @Test
  void wrongLengthSignaturesAndKeysAreRefused() {
    assertFalse(verifier.verify(valid.publicKey(), valid.message(), Arrays.copyOf(valid.signature(), 63)));
    assertFalse(verifier.verify(valid.publicKey(), valid.message(), Arrays.copyOf(valid.signature(), 65)));
    assertFalse(verifier.verify(Arrays.copyOf(valid.publicKey(), 31), valid.message(), valid.signature()));
    assertArrayEquals(new boolean[] {false, true},
        verifier.verifyAll(List.of(new Ed25519BatchVerifier.Item(valid.key(), valid.message(), new byte[0]), other.item())));
  }

  @Test
  void anEmptyBatchIsEmpty() {
    assertArrayEquals(new boolean[0], verifier.verifyAll(List.of()));
  }
}
