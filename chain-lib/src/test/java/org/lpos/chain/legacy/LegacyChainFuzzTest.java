package org.lpos.chain.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Arbitrary text given to the readers of the prototype's chain and members JSON: their contract
 * is that damage comes back as a problem, never as an exception, so any throw is a finding. Seeds
 * (the shipped genic chain, a cut-down members file) are in {@code LegacyChainFuzzTestInputs/}.
 */
class LegacyChainFuzzTest {
  @FuzzTest(maxDuration = "5m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void legacyChain(byte[] contents) {
    String json = new String(contents, StandardCharsets.UTF_8);
    LegacyChainFile file = LegacyChainReader.read(json);
    LegacyChainReport report = LegacyChainVerifier.verify(file);
    assertTrue(file.problems().isEmpty() || file.blocks().isEmpty(), "a file-level problem leaves no blocks");
    assertTrue(report.appliedBlocks() <= report.blockCount());
  }

  @FuzzTest(maxDuration = "2m")
  @Timeout(value = 10, unit = TimeUnit.SECONDS)
  void legacyMembers(byte[] contents) {
    LegacyMembers.Reading reading = LegacyMembers.read(new String(contents, StandardCharsets.UTF_8));
    if (reading instanceof LegacyMembers.Reading.Loaded loaded) {
      for (LegacyMember m : loaded.members().all()) {
        assertTrue(loaded.members().indexOf(m.verifyKey()).orElseThrow() <= m.index(), "the first holder of a key");
      }
    }
  }
}
