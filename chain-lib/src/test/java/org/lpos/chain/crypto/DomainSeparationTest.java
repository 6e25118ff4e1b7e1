package org.lpos.chain.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * Sign bytes are {@code tag || 0x00 || len(chain_id) || chain_id || payload} (PROTOCOL §2): a
 * signature made for one purpose or one chain never verifies for another.
 */
class DomainSeparationTest {
  private static final KeyPair KEY = TestMembers.derive(5, 1).get(0).keys();

  private static Transaction transaction() {
    return Transaction.newBuilder()
        .addInputs(TxInput.newBuilder().setSpends(OutputRef.newBuilder().setTxId(Hashes.ZERO).setIndex(1)))
        .addOutputs(TxOutput.newBuilder().setValue(10).setLock(Scripts.standardLock(KEY.publicKey())))
        .build();
  }

  @Test
  void signBytesLayout() {
    byte[] payload = {9, 8, 7};
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes("LPOS/ticket".getBytes(StandardCharsets.US_ASCII));
    expected.write(0);
    expected.write(3);
    expected.writeBytes("abc".getBytes(StandardCharsets.US_ASCII));
    expected.writeBytes(payload);
    assertArrayEquals(expected.toByteArray(), Domain.TICKET.signBytes("abc", payload));
  }

  @Test
  void tagsAreThoseOfTheProtocol() {
    assertEquals(List.of("LPOS/tx", "LPOS/ticket", "LPOS/q", "LPOS/proposal", "LPOS/prevote", "LPOS/precommit",
        "LPOS/hello", "LPOS/vrf", "LPOS/register"), Arrays.stream(Domain.values()).map(Domain::tag).toList());
  }

  @Test
  void transactionSignatureNeverVerifiesForAnotherPurpose() {
    Transaction tx = transaction();
    byte[] payload = Transactions.withoutUnlocks(tx).toByteArray();
    ByteString txSig = Transactions.sign("a", tx, List.of(KEY)).getInputs(0).getUnlock().getUnits(0).getData();
    assertTrue(Signatures.verify(KEY.publicKey(), Domain.TX, "a", payload, txSig));
    for (Domain other : List.of(Domain.TICKET, Domain.Q, Domain.PREVOTE, Domain.PRECOMMIT, Domain.PROPOSAL,
        Domain.HELLO)) {
      assertFalse(Signatures.verify(KEY.publicKey(), other, "a", payload, txSig), other.tag());
    }
  }

  @Test
  void everyDomainIsSeparateFromEveryOther() {
    byte[] payload = Hashes.doubleSha256(new byte[] {1, 2, 3});
    for (Domain signed : Domain.values()) {
      ByteString sig = KEY.sign(signed, "a", payload);
      for (Domain checked : Domain.values()) {
        assertEquals(signed == checked, Signatures.verify(KEY.publicKey(), checked, "a", payload, sig),
            signed.tag() + " checked as " + checked.tag());
      }
    }
  }

  @Test
  void signatureForChainANeverVerifiesOnChainAbOrB() {
    byte[] payload = "bvote".getBytes(StandardCharsets.US_ASCII);
    ByteString sig = KEY.sign(Domain.PRECOMMIT, "a", payload);
    assertTrue(Signatures.verify(KEY.publicKey(), Domain.PRECOMMIT, "a", payload, sig));
    assertFalse(Signatures.verify(KEY.publicKey(), Domain.PRECOMMIT, "ab", payload, sig));
    assertFalse(Signatures.verify(KEY.publicKey(), Domain.PRECOMMIT, "b", payload, sig));
    byte[] shifted = "vote".getBytes(StandardCharsets.US_ASCII);
    assertFalse(Signatures.verify(KEY.publicKey(), Domain.PRECOMMIT, "ab", shifted, sig),
        "moving a byte from the payload into the chain id changes the sign bytes");
  }

  @Test
  void lengthPrefixRemovesTheChainPayloadAmbiguity() {
    byte[] withB = "bX".getBytes(StandardCharsets.US_ASCII);
    byte[] withoutB = "X".getBytes(StandardCharsets.US_ASCII);
    assertFalse(Arrays.equals(Domain.TX.signBytes("a", withB), Domain.TX.signBytes("ab", withoutB)));
  }

  @Test
  void transactionSignedOnOneChainDoesNotVerifyOnAnother() {
    Transaction tx = transaction();
    assertNotEquals(ByteString.copyFrom(Transactions.signBytes("a", tx)),
        ByteString.copyFrom(Transactions.signBytes("ab", tx)));
    ByteString sig = Transactions.sign("a", tx, List.of(KEY)).getInputs(0).getUnlock().getUnits(0).getData();
    assertFalse(Signatures.verify(KEY.publicKey(), Transactions.signBytes("b", tx), sig));
    assertTrue(Signatures.verify(KEY.publicKey(), Transactions.signBytes("a", tx), sig));
  }

  @Test
  void unlockScriptsAreNotSigned() {
    Transaction tx = transaction();
    Transaction signed = Transactions.sign("a", tx, List.of(KEY));
    assertArrayEquals(Transactions.signBytes("a", tx), Transactions.signBytes("a", signed));
  }

  @Test
  void invalidChainIdsAreRefused() {
    byte[] payload = {1};
    assertThrows(IllegalArgumentException.class, () -> Domain.TX.signBytes("", payload));
    assertThrows(IllegalArgumentException.class, () -> Domain.TX.signBytes("with space", payload));
    assertThrows(IllegalArgumentException.class, () -> Domain.TX.signBytes("x".repeat(65), payload));
    assertEquals(2 + "LPOS/tx".length() + 64 + 1, Domain.TX.signBytes("x".repeat(64), payload).length);
  }
}
