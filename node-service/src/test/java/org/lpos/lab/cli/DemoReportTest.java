package org.lpos.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.lab.byzantine.ByzantineMode;

/** The demo's summary, read from the files two nodes left behind. */
class DemoReportTest {
  private static final String BLOCKS = """
      height,hash,txs,round,commit_time_ms
      1,aa,10,0,1000
      2,bb,20,1,2000
      3,cc,30,0,3000
      4,dd,40,0,4000
      """;
  private static final String LATENCIES = "commit_time_ms,latency_ms\n1000,5\n2000,50\n3000,7\n4000,9\n";

  private LocalCluster clusterWithFiles(Path dir, String blocksOfNode1) throws Exception {
    return clusterWithFiles(dir, blocksOfNode1, new LocalCluster.Layout(2, 2, 0, "tx-rate", 10));
  }

  private LocalCluster clusterWithFiles(Path dir, String blocksOfNode1, LocalCluster.Layout layout) throws Exception {
    LocalCluster cluster = new LocalCluster(dir, layout, dir.resolve("chain.json"));
    for (int i = 0; i < 2; i++) {
      Files.createDirectories(cluster.nodeDir(i));
      Files.writeString(cluster.nodeDir(i).resolve("latency.csv"), i == 0 ? LATENCIES : "commit_time_ms,latency_ms\n");
    }
    Files.writeString(cluster.nodeDir(0).resolve("blocks.csv"), BLOCKS);
    Files.writeString(cluster.nodeDir(1).resolve("blocks.csv"), blocksOfNode1);
    return cluster;
  }

  @Test
  void theWholeRunCountsEveryBlockAndLatency(@TempDir Path dir) throws Exception {
    DemoReport.Summary s = DemoReport.summary(clusterWithFiles(dir, BLOCKS));

    assertEquals(4, s.blocks());
    assertEquals(100, s.committedTxs());
    assertEquals(100 * 1_000.0 / 4_000, s.txPerSecond(), 1e-9);
    assertEquals(1, s.viewChanges());
    assertEquals(7, s.p50());
    assertEquals(50, s.p99());
    assertTrue(s.nodesAgree());
  }

  @Test
  void aWarmUpLeavesOutWhatWasCommittedBeforeItsEnd(@TempDir Path dir) throws Exception {
    DemoReport.Summary s = DemoReport.summary(clusterWithFiles(dir, BLOCKS), 2_500);

    assertEquals(2, s.blocks());
    assertEquals(70, s.committedTxs());
    assertEquals(70 * 1_000.0 / 1_500, s.txPerSecond(), 1e-9);
    assertEquals(0, s.viewChanges(), "the view change at height 2 was during the warm-up");
    assertEquals(7, s.p50());
    assertEquals(9, s.p99());
  }

  @Test
  void agreementCoversTheWarmUpToo(@TempDir Path dir) throws Exception {
    DemoReport.Summary s = DemoReport.summary(clusterWithFiles(dir, BLOCKS.replace("1,aa", "1,ff")), 2_500);

    assertEquals(false, s.nodesAgree());
    assertEquals("height 1 differs at node-1", s.disagreement());
  }

  @Test
  void equivocationsAndAgreementAreThoseOfTheHonestNodes(@TempDir Path dir) throws Exception {
    LocalCluster.Layout layout = new LocalCluster.Layout(2, 2, 1, ByzantineMode.EQUIVOCATE, "tx-rate", 10, true);
    LocalCluster cluster = clusterWithFiles(dir, BLOCKS.replace("1,aa", "1,ff"), layout);
    String evidence = "time_ms,signer,type,height,round\n1000,ab,VOTE_TYPE_PREVOTE,1,0\n2000,ab,VOTE_TYPE_PRECOMMIT,2,0\n";
    Files.writeString(cluster.nodeDir(0).resolve("evidence.csv"), evidence);
    Files.writeString(cluster.nodeDir(1).resolve("evidence.csv"), evidence);

    DemoReport.Summary s = DemoReport.summary(cluster);

    assertEquals(2, s.equivocationsDetected(), "what the Byzantine node-1 records is not counted");
    assertTrue(s.nodesAgree(), "the Byzantine node's chain is not the honest nodes'");
    assertEquals("equivocate", s.fields().get("byzantine_mode"));
    assertEquals(2L, s.fields().get("equivocations_detected"));
    assertEquals("none", DemoReport.summary(clusterWithFiles(dir.resolve("honest"), BLOCKS)).byzantineMode());
  }
}
