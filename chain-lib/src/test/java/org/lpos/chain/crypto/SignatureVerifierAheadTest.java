package org.lpos.chain.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lpos.chain.genesis.TestMembers;

/**
 * {@link SignatureVerifier#verifyAhead}: a batch's valid signatures are remembered, so the rules
 * that ask for them later compute nothing; an invalid one is not, and the rules still refuse it;
 * a handful too small for a batch is left to the rules.
 */
class SignatureVerifierAheadTest {
  private static final List<KeyPair> KEYS = TestMembers.derive(12, 8).stream().map(m -> m.keys()).toList();

  private static List<SignatureCheck> checks(int n) {
    List<SignatureCheck> checks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      KeyPair key = KEYS.get(i % KEYS.size());
      byte[] message = ("transaction " + i).getBytes(StandardCharsets.US_ASCII);
      checks.add(new SignatureCheck(key.publicKey(), message, key.signRaw(message)));
    }
    return checks;
  }

  private static SignatureCheck forged(SignatureCheck c) {
    byte[] sig = c.signature().toByteArray();
    sig[10] ^= 1;
    return new SignatureCheck(c.publicKey(), c.message(), ByteString.copyFrom(sig));
  }

  @Test
  void validSignaturesOfABatchAreRememberedAndAForgedOneIsNot() {
    List<SignatureCheck> checks = new ArrayList<>(checks(16));
    checks.set(7, forged(checks.get(7)));
    SignatureVerifier verifier = new SignatureVerifier();

    verifier.verifyAhead(checks);
    long afterBatch = verifier.verificationsPerformed();
    assertEquals(16, afterBatch, "the batch counts every signature it took");

    for (int i = 0; i < checks.size(); i++) {
      SignatureCheck c = checks.get(i);
      assertEquals(i != 7, verifier.verify(c.publicKey(), c.message(), c.signature()), "check " + i);
    }
    assertEquals(afterBatch + 1, verifier.verificationsPerformed(), "only the forged one is computed again");
  }

  @Test
  void rememberedChecksAndTooFewAreLeftToTheRules() {
    SignatureVerifier verifier = new SignatureVerifier();
    List<SignatureCheck> few = checks(3);
    verifier.verifyAhead(few);
    assertEquals(0, verifier.verificationsPerformed(), "three signatures: no batch");

    List<SignatureCheck> many = checks(8);
    verifier.verifyAhead(many);
    verifier.verifyAhead(many);
    assertEquals(8, verifier.verificationsPerformed(), "a second batch of the same checks computes nothing");
    assertFalse(many.isEmpty());
    assertTrue(verifier.verify(many.get(0).publicKey(), many.get(0).message(), many.get(0).signature()));
    assertEquals(8, verifier.verificationsPerformed());
  }
}
