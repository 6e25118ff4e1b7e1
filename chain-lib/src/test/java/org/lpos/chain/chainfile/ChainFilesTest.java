package org.lpos.chain.chainfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.genesis.ShippedChains;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;

/** Chain files on disk: round trip, and a one-line ChainFileException for every unreadable file. */
class ChainFilesTest {
  private static final ChainParams PARAMS =
      ChainParams.newBuilder().setChainId("lpos-files").setSenateSeats(4).build();
  private static List<Member> members;

  @TempDir Path dir;

  @BeforeAll
  static void members() {
    members = TestMembers.derive(42, 20);
  }

  @Test
  void writeThenReadGivesTheSameChain() throws Exception {
    ChainFile chain = ShippedChains.richMen(PARAMS, members, 10);
    Path path = dir.resolve("sub/chain.json");
    ChainFiles.write(path, chain);
    assertEquals(chain, ChainFiles.read(path));
    try (var files = Files.list(path.getParent())) {
      assertEquals(List.of(path), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void overwritingReplacesTheFile() throws Exception {
    Path path = dir.resolve("chain.json");
    ChainFiles.write(path, ShippedChains.richMen(PARAMS, members, 10));
    ChainFile genic = ShippedChains.genic(PARAMS, members);
    ChainFiles.write(path, genic);
    assertEquals(genic, ChainFiles.read(path));
  }

  private ChainFileException readFails(String name, String content) throws IOException {
    Path path = dir.resolve(name);
    Files.writeString(path, content, StandardCharsets.UTF_8);
    return assertThrows(ChainFileException.class, () -> ChainFiles.read(path));
  }

  private static void assertOneLine(ChainFileException e, String fragment) {
    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }

  @Test
  void malformedJson() throws Exception {
    assertOneLine(readFails("bad.json", "{\n  \"format\": \"lpos-chain/1\",\n  \"blocks\": [\n"), "bad.json");
  }

  @Test
  void unknownField() throws Exception {
    assertOneLine(readFails("unknown.json", "{\"format\": \"lpos-chain/1\", \"colour\": \"blue\"}"), "colour");
  }

  @Test
  void unknownNestedField() throws Exception {
    assertOneLine(readFails("nested.json",
        "{\"format\": \"lpos-chain/1\", \"blocks\": [{\"block\": {\"header\": {\"heigth\": 1}}}]}"), "heigth");
  }

  @Test
  void wrongType() throws Exception {
    assertOneLine(readFails("type.json", "{\"format\": \"lpos-chain/1\", \"blocks\": 7}"), "type.json");
  }

  @Test
  void wrongFormatMarker() throws Exception {
    ChainFileException e = readFails("format.json", "{\"format\": \"lpos-chain/0\", \"blocks\": [{}]}");
    assertOneLine(e, "lpos-chain/0");
  }

  @Test
  void noBlocks() throws Exception {
    assertOneLine(readFails("empty.json", "{\"format\": \"lpos-chain/1\"}"), "no blocks");
  }

  @Test
  void missingFile() {
    Path path = dir.resolve("absent.json");
    ChainFileException e = assertThrows(ChainFileException.class, () -> ChainFiles.read(path));
    assertOneLine(e, "no such file");
  }
}
