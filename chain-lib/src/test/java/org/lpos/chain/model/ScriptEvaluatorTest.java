package org.lpos.chain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.proto.v1.Script;
import org.lpos.proto.v1.ScriptUnit;

/** The stack language of PROTOCOL §3: standard lock and unlock, and every way evaluation fails. */
class ScriptEvaluatorTest {
  private static final KeyPair KEY = TestMembers.derive(11, 1).get(0).keys();
  private static final byte[] MESSAGE = "sign bytes of some transaction".getBytes(StandardCharsets.US_ASCII);
  private static final ByteString SIGNATURE = KEY.signRaw(MESSAGE);
  private static final Script LOCK = Scripts.standardLock(KEY.publicKey());

  private static Optional<String> run(Script unlock, Script lock) {
    return ScriptEvaluator.evaluate(new SignatureVerifier(), unlock, lock, MESSAGE);
  }

  private static Script script(ScriptUnit... units) {
    Script.Builder b = Script.newBuilder();
    for (ScriptUnit u : units) {
      b.addUnits(u);
    }
    return b.build();
  }

  private static void assertFailsWith(String fragment, Optional<String> result) {
    assertTrue(result.isPresent(), "evaluation must fail");
    assertTrue(result.get().contains(fragment), result.get());
  }

  @Test
  void standardUnlockOpensStandardLock() {
    assertEquals(Optional.empty(), run(Scripts.standardUnlock(SIGNATURE), LOCK));
  }

  @Test
  void standardLockIsRecognisedAndOwned() {
    assertEquals(Optional.of(KEY.publicKey()), Scripts.standardOwner(LOCK));
    assertEquals(Optional.empty(), Scripts.standardOwner(script(Scripts.checkSig(), Scripts.data(KEY.publicKey()))));
  }

  @Test
  void signatureOverAnotherMessageFails() {
    assertFailsWith("does not verify", ScriptEvaluator.evaluate(new SignatureVerifier(), Scripts.standardUnlock(SIGNATURE), LOCK,
        "another message".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void emptyStackAtCheckSigFails() {
    assertFailsWith("CHECK_SIG needs", run(Script.getDefaultInstance(), LOCK));
    assertFailsWith("CHECK_SIG needs", run(Script.getDefaultInstance(), script(Scripts.checkSig())));
  }

  @Test
  void leftoverStackFails() {
    Script unlock = script(Scripts.data(ByteString.copyFromUtf8("extra")), Scripts.data(SIGNATURE));
    assertFailsWith("stack not empty", run(unlock, LOCK));
  }

  @Test
  void dataOnlyScriptsLeaveTheStackNonEmpty() {
    assertFailsWith("stack not empty", run(Script.getDefaultInstance(), script(Scripts.data(KEY.publicKey()))));
  }

  @Test
  void emptyScriptsLeaveAnEmptyStack() {
    assertEquals(Optional.empty(), run(Script.getDefaultInstance(), Script.getDefaultInstance()));
  }

  @Test
  void checkSigInUnlockIsRejected() {
    Script unlock = script(Scripts.data(SIGNATURE), Scripts.data(KEY.publicKey()), Scripts.checkSig());
    assertFailsWith("may only push data", run(unlock, Script.getDefaultInstance()));
  }

  @Test
  void unknownOpInLockIsRejected() {
    ScriptUnit unknown = ScriptUnit.newBuilder().setOpValue(7).build();
    assertFailsWith("unknown script op 7", run(Scripts.standardUnlock(SIGNATURE), script(unknown,
        Scripts.data(KEY.publicKey()), Scripts.checkSig())));
    ScriptUnit unspecified = ScriptUnit.newBuilder().setOpValue(0).build();
    assertFailsWith("unknown script op 0", run(Scripts.standardUnlock(SIGNATURE), script(unspecified)));
  }

  @Test
  void unknownOpInUnlockIsRejected() {
    ScriptUnit unknown = ScriptUnit.newBuilder().setOpValue(7).build();
    assertFailsWith("may only push data", run(script(unknown), LOCK));
  }

  @Test
  void tooManyUnitsInUnlock() {
    ScriptUnit[] units = new ScriptUnit[ScriptEvaluator.MAX_UNITS + 1];
    Arrays.fill(units, Scripts.data(ByteString.copyFromUtf8("x")));
    assertFailsWith("longer than 16 units", run(script(units), LOCK));
  }

  @Test
  void tooManyUnitsInLock() {
    ScriptUnit[] units = new ScriptUnit[ScriptEvaluator.MAX_UNITS + 1];
    Arrays.fill(units, Scripts.checkSig());
    assertFailsWith("longer than 16 units", run(Scripts.standardUnlock(SIGNATURE), script(units)));
  }

  @Test
  void maxUnitsIsAllowed() {
    ScriptUnit[] units = new ScriptUnit[ScriptEvaluator.MAX_UNITS];
    for (int i = 0; i < units.length; i += 2) {
      units[i] = Scripts.data(KEY.publicKey());
      units[i + 1] = Scripts.checkSig();
    }
    ScriptUnit[] sigs = new ScriptUnit[ScriptEvaluator.MAX_UNITS / 2];
    Arrays.fill(sigs, Scripts.data(SIGNATURE));
    assertEquals(Optional.empty(), run(script(sigs), script(units)));
  }

  @Test
  void dataTooLongInUnlock() {
    ByteString long129 = ByteString.copyFrom(new byte[ScriptEvaluator.MAX_DATA_BYTES + 1]);
    assertFailsWith("longer than 128 bytes", run(script(Scripts.data(long129)), LOCK));
  }

  @Test
  void dataTooLongInLock() {
    ByteString long129 = ByteString.copyFrom(new byte[ScriptEvaluator.MAX_DATA_BYTES + 1]);
    assertFailsWith("longer than 128 bytes", run(Scripts.standardUnlock(SIGNATURE), script(Scripts.data(long129))));
  }

  @Test
  void dataOfExactlyTheLimitIsPushed() {
    ByteString max = ByteString.copyFrom(new byte[ScriptEvaluator.MAX_DATA_BYTES]);
    assertFailsWith("stack not empty", run(script(Scripts.data(max)), Script.getDefaultInstance()));
  }

  @Test
  void keyAndSignatureInTheWrongOrderFail() {
    Script swapped = script(Scripts.data(KEY.publicKey()));
    Script lock = script(Scripts.data(SIGNATURE), Scripts.checkSig());
    assertFailsWith("does not verify", run(swapped, lock));
  }
}
