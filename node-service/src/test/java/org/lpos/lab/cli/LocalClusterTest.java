package org.lpos.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.lab.netem.LinkProfile;
import org.lpos.lab.perturb.PerturbationSchedule;

/** When a cluster relays its links, and the source address each node then dials from. */
class LocalClusterTest {
  private static final Path OUT = Path.of("out", "x");

  private static LocalCluster cluster(LinkProfile links) {
    LocalCluster.Layout layout = new LocalCluster.Layout(4, 4, 0, ByzantineMode.SILENT, "tx-rate", 5, true, links);
    return new LocalCluster(OUT, layout, OUT.resolve("chain.json"));
  }

  private static String node(LocalCluster cluster, int i) {
    return String.join(" ", cluster.nodeCommand("java", Path.of("home"), i, "7", "127.0.0.1:1", "3"));
  }

  @Test
  void aPartitionRelaysEveryLinkAndGivesEachNodeItsOwnSourceAddress() {
    LocalCluster partitioned = cluster(LinkProfile.LOOPBACK)
        .perturbed(PerturbationSchedule.parse("partition:{0,1}|{2,3}@10s+5s", 4, 60_000));
    assertTrue(partitioned.relayed());
    assertTrue(node(partitioned, 0).endsWith(" --source-address 127.0.0.10"), node(partitioned, 0));
    assertTrue(node(partitioned, 3).endsWith(" --source-address 127.0.0.13"), node(partitioned, 3));
  }

  @Test
  void killsAndPausesAloneNeedNoRelays() {
    LocalCluster killed = cluster(LinkProfile.LOOPBACK)
        .perturbed(PerturbationSchedule.parse("kill:node-1@10s,restart:node-1@20s,pause:2@30s+5s", 4, 60_000));
    assertFalse(killed.relayed());
    assertFalse(node(killed, 1).contains("--source-address"), node(killed, 1));
    assertTrue(cluster(LinkProfile.parse("delay=5ms")).relayed(), "--netem relays the links as before");
    assertEquals("127.0.0.12", LocalCluster.sourceAddress(2).getHostAddress());
  }
}
