package org.lpos.chain.crypto.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Alternative signatures (fixed seeds): all valid under BouncyCastle and our verifier, distinct, repeatable. */
class Ed25519AlternativeSignaturesTest {
  private static final long SEED = 1919;

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 64, 1024})
  void everySignatureVerifiesUnderBouncyCastleAndTheBatchVerifier(int count) {
    SplittableRandom random = new SplittableRandom(SEED + count);
    byte[] seed = bytes(random, 32);
    byte[] message = bytes(random, 77);
    byte[] publicKey = Ed25519Fixtures.sign(seed, message).publicKey();

    List<byte[]> signatures = Ed25519AlternativeSignatures.sign(seed, message, count, 42L);

    assertEquals(count, signatures.size());
    Ed25519PublicKey key = Ed25519PublicKey.decode(publicKey).orElseThrow();
    Ed25519BatchVerifier verifier = new Ed25519BatchVerifier(new Random(SEED));
    List<Ed25519BatchVerifier.Item> items = new ArrayList<>();
    for (byte[] signature : signatures) {
      assertEquals(64, signature.length);
      assertTrue(Ed25519Fixtures.bouncyCastleVerify(publicKey, message, signature));
      assertTrue(verifier.verify(key, message, signature));
      items.add(new Ed25519BatchVerifier.Item(key, message, signature));
    }
    boolean[] expected = new boolean[count];
    Arrays.fill(expected, true);
    assertArrayEquals(expected, verifier.verifyAll(items));
  }

  @Test
  void signaturesAreDistinctAndNoneIsAnotherMessages() {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] seed = bytes(random, 32);
    byte[] message = bytes(random, 32);
    byte[] publicKey = Ed25519Fixtures.sign(seed, message).publicKey();
    List<byte[]> signatures = Ed25519AlternativeSignatures.sign(seed, message, 4096, -7L);
    Set<ByteBuffer> distinctSignatures = new HashSet<>();
    Set<ByteBuffer> distinctCommitments = new HashSet<>();
    for (byte[] signature : signatures) {
      distinctSignatures.add(ByteBuffer.wrap(signature));
      distinctCommitments.add(ByteBuffer.wrap(Arrays.copyOf(signature, 32)));
    }
    assertEquals(4096, distinctSignatures.size());
    assertEquals(4096, distinctCommitments.size());
    byte[] otherMessage = Ed25519Fixtures.flipBit(message, 0);
    assertFalse(Ed25519Fixtures.bouncyCastleVerify(publicKey, otherMessage, signatures.get(17)));
  }

  @Test
  void theSameSaltGivesTheSameSignaturesAndAnotherSaltOthers() {
    SplittableRandom random = new SplittableRandom(SEED);
    byte[] seed = bytes(random, 32);
    byte[] message = bytes(random, 100);
    List<byte[]> first = Ed25519AlternativeSignatures.sign(seed, message, 50, 5L);
    List<byte[]> again = Ed25519AlternativeSignatures.sign(seed, message, 50, 5L);
    List<byte[]> longer = Ed25519AlternativeSignatures.sign(seed, message, 80, 5L);
    List<byte[]> otherSalt = Ed25519AlternativeSignatures.sign(seed, message, 50, 6L);
    Set<ByteBuffer> otherSet = new HashSet<>();
    otherSalt.forEach(signature -> otherSet.add(ByteBuffer.wrap(signature)));
    for (int i = 0; i < 50; i++) {
      assertArrayEquals(first.get(i), again.get(i));
      assertArrayEquals(first.get(i), longer.get(i), "a longer list starts with the shorter one");
      assertFalse(otherSet.contains(ByteBuffer.wrap(first.get(i))));
    }
  }

  @Test
  void countOutOfBoundsAndBadSeedsAreRefused() {
    byte[] seed = new byte[32];
    byte[] message = new byte[1];
    assertThrows(IllegalArgumentException.class, () -> Ed25519AlternativeSignatures.sign(seed, message, 0, 0L));
    assertThrows(IllegalArgumentException.class, () -> Ed25519AlternativeSignatures.sign(seed, message, -1, 0L));
    assertThrows(IllegalArgumentException.class,
        () -> Ed25519AlternativeSignatures.sign(seed, message, Ed25519AlternativeSignatures.MAX_COUNT + 1, 0L));
    assertThrows(IllegalArgumentException.class, () -> Ed25519AlternativeSignatures.sign(new byte[31], message, 1, 0L));
    assertEquals(Ed25519AlternativeSignatures.MAX_COUNT,
        Ed25519AlternativeSignatures.sign(seed, message, Ed25519AlternativeSignatures.MAX_COUNT, 0L).size());
  }

  private static byte[] bytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }
}
