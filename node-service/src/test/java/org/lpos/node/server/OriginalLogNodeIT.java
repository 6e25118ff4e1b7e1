package org.lpos.node.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.Member;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.ChainFile;

/**
 * A running node writes the original's log from what its driver reports: the round under way when
 * the log opens, a new round and an {@code add block} line per commit, and the communication line
 * when it stops; the CSV files beside it are written as before.
 */
class OriginalLogNodeIT {
  private final Member solo = TestMembers.derive(3, 1).get(0);
  private final ChainFile chain = LoopbackNodes.chain("lpos-original-log-test", "original-log", 1, List.of(solo),
      1_000_000);

  @Test
  void aNodeLogsRoundsCommitsAndCommunicationInTheOriginalsShape(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("1.log");
    Block first;
    try (LposNode node = LposNode.start(new NodeConfig("127.0.0.1", 0, "127.0.0.1", "solo", solo.keys(), chain, 0,
        List.of(), ConsensusConfig.defaults(), dir.resolve("solo")))) {
      node.writeOriginalLog(file);
      assertThrows(IllegalStateException.class, () -> node.writeOriginalLog(dir.resolve("2.log")));
      SoloPayments.payToSelf(node, "lpos-original-log-test", solo);
      await("height 1 committed", 30, () -> node.driver().status().height() >= 2);
      first = node.blocks().block(1).orElseThrow().getBlock();
      await("the commit in the original's log", 10, () -> read(file).contains("add block height=1 "));
    }
    List<String> lines = read(file).lines().map(l -> l.substring("2026-12-03 11:53:06,123 INFO ".length())).toList();
    assertEquals("Start Round height=1 round=0", lines.get(0), lines.toString());
    String added = "add block height=1 hash=" + Hex.shortForm(Blocks.hash(first)) + " txs=1 round=";
    assertTrue(lines.stream().anyMatch(l -> l.startsWith(added)), lines.toString());
    assertTrue(lines.contains("Start Round height=2 round=0"), lines.toString());
    assertTrue(lines.get(lines.size() - 1).startsWith("messages info {\"sent\": {"), "written at close: " + lines);
    assertTrue(Files.readString(dir.resolve("solo").resolve("blocks.csv")).startsWith("height,hash,txs,round,"));
    assertTrue(Files.exists(dir.resolve("solo").resolve("communication.csv")));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException notYet) {
      return "";
    }
  }
}
