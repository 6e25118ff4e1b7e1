package org.lpos.lab.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.lab.netem.LinkProfile;
import org.lpos.lab.perturb.PerturbationSchedule;
import org.lpos.node.cli.UserInputException;
import org.lpos.proto.v1.Lottery;

/**
 * When a cluster relays its links, the source address each node then dials from, and which
 * lottery its chain may draw by.
 */
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

  @Test
  void aShippedChainRefusesTheVrfLottery(@TempDir Path dir) {
    // The chain a cluster writes gets the lottery asked (VrfLotteryDemoIT reads it back); the
    // shipped chains keep the director competition.
    LocalCluster.Layout layout = new LocalCluster.Layout(4, 4, 0, "load-rate", 5);
    ClusterLaunch shipped = new ClusterLaunch(Optional.of("10_rich_man"), 0, 0, 4, 2, List.of(), false, List.of());
    assertThrows(UserInputException.class,
        () -> LocalCluster.prepare(dir.resolve("shipped"), layout, shipped, Lottery.LOTTERY_VRF));
    assertEquals(Lottery.LOTTERY_VRF, WorkloadOptions.parseLottery("--lottery", "vrf"));
    assertEquals(Lottery.LOTTERY_DIRECTOR, WorkloadOptions.parseLottery("--lottery", "director"));
    assertThrows(UserInputException.class, () -> WorkloadOptions.parseLottery("--lottery", "praos"));
  }
}
