package org.lpos.chain.crypto.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.chain.crypto.ed25519.Ed25519Fixtures.bouncyCastleVerify;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Our single and batch verification against BouncyCastle's {@code Ed25519.verify} (jqwik, fixed
 * seeds; each try derives its keys and messages from the generated {@code seed}, which jqwik
 * reports with any failure): they agree on valid signatures, on single-bit corruptions of the
 * message, signature or key, and a batch reports exactly the items BouncyCastle rejects.
 */
class Ed25519BatchVerifierPropertiesTest {
  private static final int SIGNATURE_BITS = 512;
  private static final int KEY_BITS = 256;

  @Property(seed = "18", tries = 200)
  void validSignaturesAreAcceptedByAll(@ForAll long seed, @ForAll @IntRange(max = 300) int messageBytes) {
    Ed25519Fixtures.Signed signed = Ed25519Fixtures.sign(new SplittableRandom(seed), messageBytes);
    Ed25519BatchVerifier verifier = new Ed25519BatchVerifier(new Random(seed));
    assertTrue(bouncyCastleVerify(signed.publicKey(), signed.message(), signed.signature()));
    assertTrue(verifier.verify(signed.publicKey(), signed.message(), signed.signature()));
    assertArrayEquals(new boolean[] {true}, verifier.verifyAll(List.of(signed.item())));
  }

  /** Where a single bit is flipped. */
  enum Target { MESSAGE, SIGNATURE, KEY }

  @Property(seed = "1818", tries = 400)
  void aFlippedBitIsRejectedByAll(@ForAll long seed, @ForAll Target target, @ForAll @IntRange(max = 4095) int bitChoice) {
    Ed25519Fixtures.Signed signed = Ed25519Fixtures.sign(new SplittableRandom(seed), 64);
    Ed25519Fixtures.Signed corrupted = switch (target) {
      case MESSAGE -> new Ed25519Fixtures.Signed(signed.seed(), signed.publicKey(),
          Ed25519Fixtures.flipBit(signed.message(), bitChoice % (8 * signed.message().length)), signed.signature());
      case SIGNATURE -> signed.withSignature(Ed25519Fixtures.flipBit(signed.signature(), bitChoice % SIGNATURE_BITS));
      case KEY -> new Ed25519Fixtures.Signed(signed.seed(),
          Ed25519Fixtures.flipBit(signed.publicKey(), bitChoice % KEY_BITS), signed.message(), signed.signature());
    };
    Ed25519BatchVerifier verifier = new Ed25519BatchVerifier(new Random(seed));
    assertFalse(bouncyCastleVerify(corrupted.publicKey(), corrupted.message(), corrupted.signature()));
    assertFalse(verifier.verify(corrupted.publicKey(), corrupted.message(), corrupted.signature()));
    Ed25519PublicKey.decode(corrupted.publicKey()).ifPresent(key -> assertArrayEquals(new boolean[] {false},
        verifier.verifyAll(List.of(new Ed25519BatchVerifier.Item(key, corrupted.message(), corrupted.signature())))));
  }

  @Property(seed = "181818", tries = 60)
  void aBatchReportsExactlyTheItemsBouncyCastleRejects(
      @ForAll long seed, @ForAll @IntRange(min = 1, max = 70) int size, @ForAll @IntRange(max = 100) int badPercent) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Ed25519BatchVerifier.Item> items = new ArrayList<>();
    boolean[] expected = new boolean[size];
    for (int i = 0; i < size; i++) {
      Ed25519Fixtures.Signed signed = Ed25519Fixtures.sign(random, random.nextInt(200));
      if (random.nextInt(100) < badPercent) {
        signed = signed.withSignature(Ed25519Fixtures.flipBit(signed.signature(), random.nextInt(SIGNATURE_BITS)));
      }
      expected[i] = bouncyCastleVerify(signed.publicKey(), signed.message(), signed.signature());
      items.add(signed.item());
    }
    Ed25519BatchVerifier verifier = new Ed25519BatchVerifier(new Random(seed));
    assertArrayEquals(expected, verifier.verifyAll(items));
    for (int i = 0; i < size; i++) {
      Ed25519BatchVerifier.Item item = items.get(i);
      assertEquals(expected[i], verifier.verify(item.publicKey(), item.message(), item.signature()), "item " + i);
    }
  }
}
