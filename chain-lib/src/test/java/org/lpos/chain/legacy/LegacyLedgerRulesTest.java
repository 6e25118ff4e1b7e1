package org.lpos.chain.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.LegacyBlock;
import org.lpos.proto.v1.LegacyScript;
import org.lpos.proto.v1.LegacyScriptUnit;
import org.lpos.proto.v1.LegacySignature;
import org.lpos.proto.v1.LegacyTransaction;

/**
 * UTXO rules on blocks that are otherwise valid: block 1 of chain_10_rich_man is changed, then
 * its input and senate signatures are remade with member 0's published key, so the only thing
 * wrong is the rule under test.
 */
class LegacyLedgerRulesTest {
  private static final LegacyLocation TX_0 = LegacyLocation.ofBlock(1).tx(0);

  @Test
  void theResignedUnchangedBlockStillVerifies() {
    assertEquals(List.of(), verifyWithBlock1(tx -> tx).problems());
  }

  @Test
  void creatingMoreThanIsSpentIsReported() {
    LegacyChainReport report = verifyWithBlock1(tx -> tx.toBuilder()
        .setOutputs(0, tx.getOutputs(0).toBuilder().setValue(100_001)).build());

    LegacyChainVerifierTest.assertHas(report, TX_0, "outputs", "more than the 1000000 the inputs spend");
  }

  @Test
  void spendingAnUnknownOutputIsReported() {
    LegacyChainReport report = verifyWithBlock1(tx -> tx.toBuilder()
        .setInputs(0, tx.getInputs(0).toBuilder().setTransactionIdx(1)).build());

    LegacyChainVerifierTest.assertHas(report, TX_0.input(0), "transaction_hash", "not unspent");
  }

  @Test
  void spendingTheSameOutputTwiceIsReported() {
    LegacyChainReport report = verifyWithBlock1(tx -> tx.toBuilder().addInputs(tx.getInputs(0)).build());

    LegacyChainVerifierTest.assertHas(report, TX_0.input(1), "transaction_hash", "not unspent");
  }

  @Test
  void aNonStandardLockIsReported() {
    LegacyChainReport report = verifyWithBlock1(tx -> tx.toBuilder()
        .setOutputs(0, tx.getOutputs(0).toBuilder().setScript(LegacyScript.newBuilder()
            .addBody(LegacyScriptUnit.newBuilder().setType(LegacyScriptUnit.Type.CHECK_SIG))))
        .build());

    LegacyChainVerifierTest.assertHas(report, TX_0.output(0), "script", "lock script is not");
  }

  private static LegacyChainReport verifyWithBlock1(UnaryOperator<LegacyTransaction> change) {
    LegacyChainFile file = LegacyChainReader.read(LegacyFixtures.text(LegacyFixtures.TEN_RICH));
    LegacyBlock block = ((LegacyBlockEntry.Decoded) file.blocks().get(1)).block();
    ByteString secret = LegacyFixtures.members().all().get(0).signingKey();

    LegacyTransaction tx = change.apply(block.getTxs(0));
    byte[] signBytes = LegacyEncoding.inputSignBytes(tx);
    LegacyTransaction.Builder signed = tx.toBuilder();
    for (int i = 0; i < tx.getInputsCount(); i++) {
      signed.setInputs(i, tx.getInputs(i).toBuilder().setScript(LegacyScript.newBuilder()
          .addBody(LegacyScriptUnit.newBuilder().setData(sign(secret, signBytes)))));
    }
    LegacyBlock.Builder rebuilt = block.toBuilder().setTxs(0, signed.build());
    rebuilt.setMerkleRoot(LegacyEncoding.merkleRoot(rebuilt.build()));
    rebuilt.setSenatesSignature(0, LegacySignature.newBuilder()
        .setSigner(block.getSenatesSignature(0).getSigner())
        .setSignature(sign(secret, LegacyEncoding.senateSignBytes(rebuilt.build()))));

    List<LegacyBlockEntry> blocks = new ArrayList<>(file.blocks());
    blocks.set(1, new LegacyBlockEntry.Decoded(1, rebuilt.build()));
    LegacyChainReport report = LegacyChainVerifier.verify(new LegacyChainFile(blocks, List.of()));
    assertTrue(report.problems().stream().noneMatch(p -> p.field().startsWith("senates_signature")),
        () -> "the re-signed senate signature must hold: " + report.problems());
    return report;
  }

  /** ECDSA P-192 with SHA-1, deterministic k, as r || s of 24 bytes each. */
  private static ByteString sign(ByteString secret, byte[] message) {
    X9ECParameters curve = ECNamedCurveTable.getByName("P-192");
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA1Digest()));
    signer.init(true, new ECPrivateKeyParameters(new BigInteger(1, secret.toByteArray()), new ECDomainParameters(curve)));
    SHA1Digest sha1 = new SHA1Digest();
    sha1.update(message, 0, message.length);
    byte[] digest = new byte[sha1.getDigestSize()];
    sha1.doFinal(digest, 0);
    BigInteger[] rs = signer.generateSignature(digest);
    return ByteString.copyFrom(fixed(rs[0])).concat(ByteString.copyFrom(fixed(rs[1])));
  }

  private static byte[] fixed(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[LegacyEcdsa.FIELD_LENGTH];
    int copy = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
    return out;
  }
}
