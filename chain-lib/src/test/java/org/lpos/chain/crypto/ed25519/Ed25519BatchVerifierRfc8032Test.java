package org.lpos.chain.crypto.ed25519;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.chain.crypto.ed25519.Ed25519Fixtures.hex;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Ed25519 test vectors of RFC 8032 section 7.1 (TEST 1 to 3), single and batched. */
class Ed25519BatchVerifierRfc8032Test {
  private static final long SEED = 8032;

  record Vector(String name, String secretKey, String publicKey, String message, String signature) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Vector> vectors() {
    return List.of(
        new Vector(
            "TEST 1",
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
            "",
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        new Vector(
            "TEST 2",
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
            "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
            "72",
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        new Vector(
            "TEST 3",
            "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
            "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
            "af82",
            "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"));
  }

  private final Ed25519BatchVerifier verifier = new Ed25519BatchVerifier(new Random(SEED));

  @ParameterizedTest
  @MethodSource("vectors")
  void theVectorVerifies(Vector vector) {
    Ed25519Fixtures.Signed signed = Ed25519Fixtures.sign(hex(vector.secretKey()), hex(vector.message()));
    assertArrayEquals(hex(vector.publicKey()), signed.publicKey(), "the fixture derives the RFC key");
    assertArrayEquals(hex(vector.signature()), signed.signature(), "the fixture makes the RFC signature");

    assertTrue(verifier.verify(hex(vector.publicKey()), hex(vector.message()), hex(vector.signature())));
  }

  @ParameterizedTest
  @MethodSource("vectors")
  void everySingleBitFlipOfTheVectorIsRejected(Vector vector) {
    byte[] publicKey = hex(vector.publicKey());
    byte[] message = hex(vector.message());
    byte[] signature = hex(vector.signature());
    for (int bit = 0; bit < 8 * signature.length; bit++) {
      assertFalse(verifier.verify(publicKey, message, Ed25519Fixtures.flipBit(signature, bit)), "signature bit " + bit);
    }
    for (int bit = 0; bit < 8 * publicKey.length; bit++) {
      assertFalse(verifier.verify(Ed25519Fixtures.flipBit(publicKey, bit), message, signature), "key bit " + bit);
    }
    for (int bit = 0; bit < 8 * message.length; bit++) {
      assertFalse(verifier.verify(publicKey, Ed25519Fixtures.flipBit(message, bit), signature), "message bit " + bit);
    }
  }

  @Test
  void theVectorsVerifyAsOneBatchAndABadOneIsFound() {
    System.out.println("Ed25519BatchVerifierRfc8032Test seed=" + SEED);
    List<Ed25519BatchVerifier.Item> items =
        vectors().stream()
            .map(v -> new Ed25519BatchVerifier.Item(
                Ed25519PublicKey.decode(hex(v.publicKey())).orElseThrow(), hex(v.message()), hex(v.signature())))
            .toList();
    assertArrayEquals(new boolean[] {true, true, true}, verifier.verifyAll(items));

    Ed25519BatchVerifier.Item second = items.get(1);
    int bit = new SplittableRandom(SEED).nextInt(512);
    List<Ed25519BatchVerifier.Item> oneBad =
        List.of(items.get(0),
            new Ed25519BatchVerifier.Item(second.publicKey(), second.message(), Ed25519Fixtures.flipBit(second.signature(), bit)),
            items.get(2));
    assertArrayEquals(new boolean[] {true, false, true}, verifier.verifyAll(oneBad));
  }
}
