package org.lpos.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.lab.experiment.FaultFigures;
import org.lpos.lab.netem.LinkProfile;

/** The fault columns of a measured run, from the files its nodes left behind. */
class FaultMeasurementTest {
  @Test
  void countsTheHonestNodesDistinctEquivocationsAndNamesModeAndLinks(@TempDir Path dir) throws Exception {
    LocalCluster.Layout layout = new LocalCluster.Layout(4, 4, 1, ByzantineMode.EQUIVOCATE, "load-rate", 50, true,
        LinkProfile.parse("delay=50ms jitter=10ms loss=1%"));
    LocalCluster cluster = new LocalCluster(dir, layout, dir.resolve("chain.json"));
    String header = "time_ms,signer,type,height,round\n";
    evidence(cluster, 0, header + "1000,dd,VOTE_TYPE_PREVOTE,3,0\n");
    evidence(cluster, 1, header + "1001,dd,VOTE_TYPE_PREVOTE,3,0\n1500,dd,VOTE_TYPE_PRECOMMIT,3,0\n");
    evidence(cluster, 3, header + "1000,aa,VOTE_TYPE_PREVOTE,9,0\n");

    FaultFigures f = FaultMeasurement.of(cluster);

    assertEquals(2, f.equivocationsDetected(), "node-3 is the Byzantine one: what it writes is not counted");
    assertEquals("equivocate", f.byzantineMode());
    assertEquals("delay=50ms jitter=10ms loss=1%", f.netem());
    assertEquals("", f.perturbations());
    assertTrue(Double.isNaN(f.recoveryS()), "no perturbation, no recovery time");
  }

  @Test
  void aRunWithoutByzantineMembersOnLoopbackSaysNoneAndLoopback(@TempDir Path dir) {
    LocalCluster cluster = new LocalCluster(dir, new LocalCluster.Layout(4, 4, 0, "load-rate", 50),
        dir.resolve("chain.json"));

    FaultFigures f = FaultMeasurement.of(cluster);

    assertEquals("none", f.byzantineMode());
    assertEquals("loopback", f.netem());
    assertEquals(0, f.equivocationsDetected());
  }

  private static void evidence(LocalCluster cluster, int node, String lines) throws Exception {
    Files.createDirectories(cluster.nodeDir(node));
    Files.writeString(cluster.nodeDir(node).resolve("evidence.csv"), lines);
  }
}
