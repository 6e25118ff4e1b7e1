package org.lpos.node.cli;

import org.lpos.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chain commands on the original prototype's files. The expected senates were computed
 * independently from the original's format with a separate Python script (exact integer draw).
 */
class LegacyCommandsTest {
  static final Path LEGACY = Path.of("..", "data", "legacy");

  @ParameterizedTest
  @ValueSource(strings = {"chain_genic.json", "chain_10_rich_man.json", "chain_100_rich_man.json"})
  void originalChainsVerify(String file) {
    CliRun run = CliRun.of("chain", "verify", "--legacy", LEGACY.resolve(file).toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
  }

  @Test
  void senateOfTheTenRichMenMatchesAnIndependentComputation() {
    assertEquals(List.of(4, 2, 8, 4, 6, 5, 0, 9, 4, 0), seatMembers("chain_10_rich_man.json"));
  }

  @Test
  void senateOfTheHundredRichMenMatchesAnIndependentComputation() {
    assertEquals(List.of(25, 43, 0, 2, 72, 3, 18, 56, 44, 7), seatMembers("chain_100_rich_man.json"));
  }

  @Test
  void tamperedOriginalChainNamesBlockTransactionAndField(@TempDir Path dir) throws IOException {
    String text = Files.readString(LEGACY.resolve("chain_10_rich_man.json"));
    String output = "\\\\\\\"value\\\\\\\": 100000,";
    String tampered = text.replaceFirst(Pattern.quote(output), Matcher.quoteReplacement(output.replace("100000", "100001")));
    assertTrue(!tampered.equals(text), "fixture holds an output of 100000 in block 1");
    Path file = dir.resolve("tampered.json");
    Files.writeString(file, tampered);
    CliRun run = CliRun.of("chain", "verify", "--legacy", file.toString());
    assertEquals(1, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains("block 1 tx 0 input 0"), run.out());
  }

  @Test
  void missingLegacyFileIsBadInput() {
    CliRun run = CliRun.of("chain", "senate", "--legacy", "nowhere.json");
    assertEquals(2, run.exitCode());
    assertEquals(1, run.err().lines().count(), run.err());
  }

  private static List<Integer> seatMembers(String file) {
    CliRun run = CliRun.of("chain", "senate", LEGACY.resolve(file).toString(), "--legacy",
        "--members", LEGACY.resolve("members.json").toString(), "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonObject root = JsonParser.parseString(run.out().strip()).getAsJsonObject();
    assertEquals(2, root.get("height").getAsInt());
    assertEquals(7, root.get("quorum").getAsInt());
    List<Integer> members = new ArrayList<>();
    root.getAsJsonArray("seats").forEach(s -> members.add(s.getAsJsonObject().get("member_index").getAsInt()));
    return members;
  }
}
