package org.lpos.chain.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lpos.chain.genesis.TestMembers;

/**
 * A {@link SignatureVerifier} belongs to one node: what it remembers and what it counts are its
 * own, so two nodes in one process each verify and count their own checks.
 */
class SignatureVerifierTest {
  private static final KeyPair KEY = TestMembers.derive(11, 1).get(0).keys();
  private static final byte[] MESSAGE = "a transaction's sign bytes".getBytes(StandardCharsets.US_ASCII);
  private static final ByteString SIGNATURE = KEY.signRaw(MESSAGE);

  @Test
  void aRememberedVerificationIsNotComputedAgain() {
    SignatureVerifier verifier = new SignatureVerifier();
    assertTrue(verifier.verify(KEY.publicKey(), MESSAGE, SIGNATURE));
    assertTrue(verifier.verify(KEY.publicKey(), MESSAGE, SIGNATURE));
    assertEquals(1, verifier.verificationsPerformed());
    verifier.forgetVerified();
    assertTrue(verifier.verify(KEY.publicKey(), MESSAGE, SIGNATURE));
    assertEquals(2, verifier.verificationsPerformed());
  }

  @Test
  void twoNodesVerifyAndCountOnTheirOwn() {
    SignatureVerifier first = new SignatureVerifier();
    SignatureVerifier second = new SignatureVerifier();
    assertTrue(first.verify(KEY.publicKey(), MESSAGE, SIGNATURE));
    assertEquals(0, second.verificationsPerformed(), "the first node's check is not the second's");
    assertTrue(second.verify(KEY.publicKey(), MESSAGE, SIGNATURE));
    assertEquals(1, first.verificationsPerformed());
    assertEquals(1, second.verificationsPerformed(), "the second node did not reuse the first's result");
  }

  @Test
  void aFailedVerificationIsNotRemembered() {
    SignatureVerifier verifier = new SignatureVerifier();
    byte[] other = "another message".getBytes(StandardCharsets.US_ASCII);
    assertFalse(verifier.verify(KEY.publicKey(), other, SIGNATURE));
    assertFalse(verifier.verify(KEY.publicKey(), other, SIGNATURE));
    assertEquals(2, verifier.verificationsPerformed());
    assertEquals(Signatures.verify(KEY.publicKey(), other, SIGNATURE), verifier.verify(KEY.publicKey(), other, SIGNATURE));
  }
}
