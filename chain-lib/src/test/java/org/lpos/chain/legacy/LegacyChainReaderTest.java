package org.lpos.chain.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LegacyChainReaderTest {
  private static final String GENESIS_LOCK =
      "CjISMAnjMzKFnPrseg69tUD2cYjAvU9V2hfZv6TrPkvgO3mJ33iYFti7idTTRmlIneh9gwoCCAE=";

  @ParameterizedTest
  @ValueSource(strings = {"", "[{", "not json", "{}", "42", "\"[]\"", "[1, 2", "{\"a\": [}"})
  void aFileThatIsNotAJsonArrayIsOneFileProblem(String text) {
    LegacyChainReport report = LegacyChainVerifier.verify(text);

    assertFalse(report.isValid());
    assertEquals(LegacyLocation.file(), report.problems().get(0).where());
    assertEquals(0, report.blockCount());
  }

  @Test
  void anEmptyArrayIsAnEmptyChain() {
    LegacyChainReport report = LegacyChainVerifier.verify("[]");

    assertTrue(report.isValid());
    assertEquals(0, report.blockCount());
    assertTrue(report.nextSenate(LegacyChainVerifier.SEATS).isEmpty());
  }

  @Test
  void damagedFieldsAreNamed() {
    String genesis = LegacyFixtures.text(LegacyFixtures.GENIC);
    String quotedPrevHash = "\"Z2VuaWNfYmxvY2s=\"";

    assertBlock0Problem(LegacyFixtures.replaceFirst(genesis, quotedPrevHash, "\"not*base64\""),
        "prev_hash", "not valid URL-safe base64");
    assertBlock0Problem(LegacyFixtures.replaceFirst(genesis, quotedPrevHash, "17"),
        "prev_hash", "expected a JSON string");
    assertBlock0Problem(LegacyFixtures.replaceFirst(genesis, "\"prev_hash\"", "\"prev_hush\""),
        "prev_hash", "missing field");
    assertBlock0Problem(LegacyFixtures.replaceFirst(genesis, "\"txs\": \"[", "\"txs\": \"[[}"),
        "txs", "not valid JSON");
    assertBlock0Problem(LegacyFixtures.replaceFirst(genesis, "\"inputs\\\": \\\"[]", "\"inputs\\\": \\\"{}"),
        "txs[0].inputs", "expected a JSON array");
    assertBlock0Problem(LegacyFixtures.replaceFirst(genesis, "1000000", "1000000.5"),
        "txs[0].outputs[0].value", "expected an integer");
    assertBlock0Problem(LegacyFixtures.replaceFirst(genesis, GENESIS_LOCK, "AAAA"),
        "txs[0].outputs[0].script", "not a serialized script");
    assertBlock0Problem(LegacyFixtures.replaceFirst(genesis, GENESIS_LOCK, GENESIS_LOCK.replace("=", "A=")),
        "txs[0].outputs[0].script", "not valid URL-safe base64");
    assertBlock0Problem(LegacyFixtures.replaceFirst(genesis, "[\\\"\\\", \\\"\\\"]", "[\\\"\\\"]"),
        "director_competition.director_signature", "expected an array of 2 elements");
  }

  @Test
  void aLockKeyOffTheCurveIsReportedAtItsOutput() {
    String genesis = LegacyFixtures.text(LegacyFixtures.GENIC);

    LegacyChainReport report = LegacyChainVerifier.verify(LegacyFixtures.replaceFirst(genesis, "CjISMAnj", "CjISMAnX"));

    LegacyChainVerifierTest.assertHas(report, LegacyLocation.ofBlock(0).tx(0).output(0), "script",
        "not a 48-byte point on P-192");
  }

  @Test
  void aMalformedBlockKeepsTheOthersInPlace() {
    String text = LegacyFixtures.text(LegacyFixtures.TEN_RICH);
    String broken = LegacyFixtures.replaceFirst(text, "\"Z2VuaWNfYmxvY2s=\"", "null");

    LegacyChainFile file = LegacyChainReader.read(broken);
    LegacyChainReport report = LegacyChainVerifier.verify(file);

    assertTrue(file.blocks().get(0) instanceof LegacyBlockEntry.Malformed);
    assertTrue(file.blocks().get(1) instanceof LegacyBlockEntry.Decoded);
    assertEquals(2, report.blockCount());
    assertEquals(0, report.appliedBlocks());
    assertEquals(List.of("block 0: expected a JSON string (field prev_hash)"),
        report.problems().stream().map(LegacyProblem::toString).toList());
  }

  private static void assertBlock0Problem(String text, String field, String reasonPart) {
    LegacyChainReport report = LegacyChainVerifier.verify(text);
    LegacyChainVerifierTest.assertHas(report, LegacyLocation.ofBlock(0), field, reasonPart);
  }
}
