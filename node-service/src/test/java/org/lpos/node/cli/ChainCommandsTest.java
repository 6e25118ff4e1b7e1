package org.lpos.node.cli;

import org.lpos.cli.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The chain commands on the shipped data: exit codes, output, and one-line errors for bad input. */
class ChainCommandsTest {
  static final Path DATA = Path.of("..", "data");
  static final Path PARAMS = Path.of("..", "config", "chain-params.json");

  @ParameterizedTest
  @ValueSource(strings = {"chain_genic.json", "chain_10_rich_man.json", "chain_100_rich_man.json"})
  void shippedChainsVerify(String file) {
    CliRun run = CliRun.of("chain", "verify", DATA.resolve(file).toString());
    assertEquals(0, run.exitCode(), run.out() + run.err());
    assertTrue(run.out().contains(": OK, "), run.out());
  }

  @Test
  void regeneratingTheShippedDataGivesTheSameBytes(@TempDir Path dir) throws IOException {
    CliRun run = CliRun.of("chain", "genesis", "--out", dir.toString(), "--params", PARAMS.toString());
    assertEquals(0, run.exitCode(), run.err());
    for (String file : new String[] {"members.json", "chain_genic.json", "chain_10_rich_man.json", "chain_100_rich_man.json"}) {
      assertEquals(Files.readString(DATA.resolve(file)), Files.readString(dir.resolve(file)), file);
    }
  }

  @Test
  void tamperedChainFailsWithOneLinePerProblem(@TempDir Path dir) throws IOException {
    String text = Files.readString(DATA.resolve("chain_10_rich_man.json"));
    String tampered = text.replaceFirst("\"value\": \"100000\"", "\"value\": \"100001\"");
    assertFalse(text.equals(tampered), "the fixture must contain an output of 100000");
    Path file = dir.resolve("tampered.json");
    Files.writeString(file, tampered);
    CliRun run = CliRun.of("chain", "verify", file.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.out().contains("block 1: bad merkle root"), run.out());
    assertTrue(run.out().lines().allMatch(l -> l.startsWith(file.toString() + ": block 1: ")), run.out());
  }

  @Test
  void missingFileIsBadInputWithOneLine() {
    CliRun run = CliRun.of("chain", "verify", "no/such/chain.json");
    assertEquals(2, run.exitCode());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().contains("no such file"), run.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{ not json",
    "[]",
    "{\"format\": \"lpos-chain/1\", \"blocks\": 7}",
    "{\"format\": \"lpos-chain/1\", \"blocks\": [], \"extra\": 1}",
    "{\"format\": \"lpos-chain/1\", \"blocks\": []}",
    "{\"format\": \"other\", \"blocks\": [{}]}",
    "{\"format\": \"lpos-chain/1\", \"blocks\": [{\"block\": {\"header\": {\"height\": \"x\"}}}]}"
  })
  void malformedFilesAreBadInputWithOneLine(String content, @TempDir Path dir) throws IOException {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, content);
    for (String command : new String[] {"verify", "show", "senate"}) {
      CliRun run = CliRun.of("chain", command, file.toString());
      assertEquals(2, run.exitCode(), command + ": " + run.out() + run.err());
      assertEquals(1, run.err().lines().count(), run.err());
      assertFalse(run.err().contains("Exception"), run.err());
    }
  }

  @Test
  void invalidGenesisIsACheckFailure(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("empty-genesis.json");
    Files.writeString(file, "{\"format\": \"lpos-chain/1\", \"blocks\": [{\"block\": {}}]}");
    CliRun run = CliRun.of("chain", "verify", file.toString());
    assertEquals(1, run.exitCode());
    assertTrue(run.out().contains("block 0: bad genesis"), run.out());
  }

  @Test
  void senateJsonHasTheDocumentedShape() {
    CliRun run = CliRun.of("chain", "senate", DATA.resolve("chain_10_rich_man.json").toString(), "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonObject root = JsonParser.parseString(run.out().strip()).getAsJsonObject();
    assertEquals(2, root.get("height").getAsInt());
    assertEquals(7, root.get("quorum").getAsInt());
    JsonArray seats = root.getAsJsonArray("seats");
    assertEquals(10, seats.size());
    for (int i = 0; i < seats.size(); i++) {
      JsonObject seat = seats.get(i).getAsJsonObject();
      assertEquals(i, seat.get("seat").getAsInt());
      assertEquals(64, seat.get("owner").getAsString().length());
      int member = seat.get("member_index").getAsInt();
      assertTrue(member >= 0 && member < 10, "only members 0-9 hold stake: " + member);
    }
  }

  @Test
  void genicSenateIsAllMemberZero() {
    CliRun run = CliRun.of("chain", "senate", DATA.resolve("chain_genic.json").toString(), "--json");
    assertEquals(0, run.exitCode(), run.err());
    JsonObject root = JsonParser.parseString(run.out().strip()).getAsJsonObject();
    assertEquals(1, root.get("height").getAsInt());
    root.getAsJsonArray("seats").forEach(s -> assertEquals(0, s.getAsJsonObject().get("member_index").getAsInt()));
  }

  @Test
  void showListsBlocksAndBalances() {
    CliRun run = CliRun.of("chain", "show", DATA.resolve("chain_100_rich_man.json").toString());
    assertEquals(0, run.exitCode(), run.err());
    assertTrue(run.out().contains("balances after height 1 (total 1000000 in 100 outputs)"), run.out());
    assertEquals(100, run.out().lines().filter(l -> l.trim().startsWith("member ") && l.trim().endsWith(" 10000")).count());
  }

  @Test
  void unknownOptionIsUsageError() {
    CliRun run = CliRun.of("chain", "verify", "--frobnicate");
    assertEquals(2, run.exitCode());
  }

  @Test
  void membersCountBelowTheShippedChainsIsRefused(@TempDir Path dir) {
    CliRun run = CliRun.of("chain", "genesis", "--out", dir.toString(), "--members", "5", "--params", PARAMS.toString());
    assertEquals(2, run.exitCode());
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(0, files.count(), "nothing is written on bad input");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aTransactionSizeLimitAboveTheCeilingIsRefused(@TempDir Path dir) throws IOException {
    Path params = dir.resolve("params.json");
    Files.writeString(params, "{\"chainId\": \"lpos-x\", \"senateSeats\": 4, \"maxTransactionBytes\": 600000}");
    CliRun run = CliRun.of("chain", "genesis", "--out", dir.resolve("out").toString(), "--params", params.toString());
    assertEquals(2, run.exitCode());
    assertTrue(run.err().contains("maxTransactionBytes must be at most 524288"), run.err());
  }
}
