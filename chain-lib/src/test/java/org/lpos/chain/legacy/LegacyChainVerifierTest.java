package org.lpos.chain.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyChainVerifierTest {
  // Base64 fields of chain_10_rich_man.json's block 1, each unique in the file.
  private static final String INPUT_SCRIPT =
      "CjISMO36RfvmBOa1HStUtx5KvEXOYLKv10dOvlOBVML_alF3U4--Ws0VHAQRatx0_FNP2g==";
  private static final String DIRECTOR_SIGNATURE =
      "EqLdxL5PMT9ne-wT1fp3LQSNAIVQ5RL6dL6Ck41XCNxoeUtMi2KMCBkZENuPQCnt";
  private static final String Q = "PTdXpl-3dFdj9SU2ZRjW54otpC5Z4KP-JeKACUWUSQV0cOOzSAUftP0wPlCzV8bT";
  private static final String SENATE_SIGNATURE =
      "VcELgyfroHue2O9RNI0SDVfqH5qV2G8utT1Z-8Oh2uNK8euIOuGftrIeL3aaN_SA";
  private static final String MERKLE_ROOT = "cO4ce4bB700nJgHLzZRVPts6qSaVnvIUnD935jZXaFs=";
  private static final String PREV_HASH = "GDffi0eqcmD0ZykMZ9TNG6fDwQTw949fa_wHwm8e1m0=";
  private static final String DIRECTOR = "CeMzMoWc-ux6Dr21QPZxiMC9T1XaF9m_pOs-S-A7eYnfeJgW2LuJ1NNGaUid6H2D";

  private static final LegacyLocation BLOCK_1 = LegacyLocation.ofBlock(1);

  @ParameterizedTest
  @ValueSource(strings = {LegacyFixtures.GENIC, LegacyFixtures.TEN_RICH, LegacyFixtures.HUNDRED_RICH})
  void theOriginalChainsVerify(String name) {
    LegacyChainReport report = LegacyChainVerifier.verify(LegacyFixtures.text(name));

    assertEquals(List.of(), report.problems());
    assertEquals(report.blockCount(), report.appliedBlocks());
    assertEquals(1_000_000L, report.stakeIndex().totalValue(), "no value created or destroyed");
  }

  @Test
  void theGenesisQuirkIsResolvedPerFile() {
    assertEquals(Optional.of(LegacyGenesisEncoding.FULL),
        LegacyChainVerifier.verify(LegacyFixtures.text(LegacyFixtures.TEN_RICH)).genesisEncoding());
    assertEquals(Optional.of(LegacyGenesisEncoding.Q_ONLY),
        LegacyChainVerifier.verify(LegacyFixtures.text(LegacyFixtures.HUNDRED_RICH)).genesisEncoding());
    assertEquals(Optional.empty(),
        LegacyChainVerifier.verify(LegacyFixtures.text(LegacyFixtures.GENIC)).genesisEncoding());
  }

  @Test
  void aFlippedInputSignatureIsReportedAtItsInput() {
    // Bytes 4..51 of the unlock script are the signature (after the unit and data headers).
    LegacyChainReport report = verifyTampered(LegacyFixtures.flipByte(tenRich(), INPUT_SCRIPT, 10));

    assertHas(report, BLOCK_1.tx(0).input(0), "script", "signature does not verify");
    assertEquals(1, report.appliedBlocks(), "the bad block is not applied");
  }

  @Test
  void aFlippedDirectorSignatureIsReported() {
    LegacyChainReport report = verifyTampered(LegacyFixtures.flipByte(tenRich(), DIRECTOR_SIGNATURE, 30));

    assertHas(report, BLOCK_1, "director_competition.director_signature", "director signature does not verify");
  }

  @Test
  void aFlippedQIsReported() {
    LegacyChainReport report = verifyTampered(LegacyFixtures.flipByte(tenRich(), Q, 5));

    assertHas(report, BLOCK_1, "director_competition.q", "q does not verify");
  }

  @Test
  void aFlippedSenateSignatureIsReportedAndLosesTheQuorum() {
    LegacyChainReport report = verifyTampered(LegacyFixtures.flipByte(tenRich(), SENATE_SIGNATURE, 40));

    assertHas(report, BLOCK_1, "senates_signature[0]", "signature does not verify");
    assertHas(report, BLOCK_1, "senates_signature", "fewer than the quorum of 7");
  }

  @Test
  void aFlippedMerkleRootIsReported() {
    LegacyChainReport report = verifyTampered(LegacyFixtures.flipByte(tenRich(), MERKLE_ROOT, 0));

    assertHas(report, BLOCK_1, "merkle_root", "merkle_root does not match the transactions");
  }

  @Test
  void aFlippedPrevHashIsReported() {
    LegacyChainReport report = verifyTampered(LegacyFixtures.flipByte(tenRich(), PREV_HASH, 31));

    assertHas(report, BLOCK_1, "prev_hash", "prev_hash is not the hash of block 0");
  }

  @Test
  void aChangedOutputValueBreaksTheMerkleRootAndTheInputSignature() {
    // ": 100000," first occurs at block 1's output 0; the genesis output is 1000000.
    LegacyChainReport report = verifyTampered(LegacyFixtures.replaceFirst(tenRich(), ": 100000,", ": 100001,"));

    assertHas(report, BLOCK_1, "merkle_root", "does not match");
    assertHas(report, BLOCK_1.tx(0).input(0), "script", "signature does not verify");
  }

  @Test
  void aChangedGenesisBreaksTheLinkButLaterBlocksAreStillHashed() {
    LegacyChainReport report =
        verifyTampered(LegacyFixtures.replaceFirst(tenRich(), ": 1000000,", ": 1000001,"));

    assertHas(report, LegacyLocation.ofBlock(0), "merkle_root", "does not match");
    assertHas(report, BLOCK_1, "prev_hash", "is not the hash of block 0");
    assertEquals(0, report.appliedBlocks());
    assertEquals(Optional.empty(), report.nextSenate(LegacyChainVerifier.SEATS));
  }

  @Test
  void aDirectorKeyOffTheCurveIsAProblemNotAnException() {
    String text = LegacyFixtures.flipByte(tenRich(), DIRECTOR, 47);

    LegacyChainReport report = verifyTampered(text);

    assertHas(report, BLOCK_1, "director_competition.director_signature", "not a 48-byte point on P-192");
  }

  @Test
  void verifyingAMissingFileIsAProblem() {
    LegacyChainReport report = LegacyChainVerifier.verify(java.nio.file.Path.of("no/such/legacy.json"));

    assertFalse(report.isValid());
    assertEquals(LegacyLocation.file(), report.problems().get(0).where());
  }

  private static String tenRich() {
    return LegacyFixtures.text(LegacyFixtures.TEN_RICH);
  }

  private static LegacyChainReport verifyTampered(String text) {
    LegacyChainReport report = LegacyChainVerifier.verify(text);
    assertFalse(report.isValid(), "tampering went unnoticed");
    return report;
  }

  static void assertHas(LegacyChainReport report, LegacyLocation where, String field, String reasonPart) {
    assertTrue(
        report.problems().stream().anyMatch(p ->
            p.where().equals(where) && p.field().equals(field) && p.reason().contains(reasonPart)),
        () -> "expected " + where + " " + field + " '" + reasonPart + "' in " + report.problems());
  }
}
