package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four node processes under {@code tx-rate}; three times a random node holding at most f seats of
 * the current senate is killed with SIGKILL and started again on the same data directory, so at
 * most f seats are down at once. At the end every node has the same chain; every block any node
 * reported before a kill is still there with the same hash (nothing committed was lost or
 * changed); no node reported equivocation evidence (all four are honest, so any would be a
 * double signature after a restart); and each restarted node reached the head the others had when
 * it was started within 10 s of its launch.
 */
class CrashRestartIT {
  private static final long SEED = 20_261_123L;
  private static final int KILLS = 3;
  private static final int SEATS = 10;
  private static final int F = (SEATS - 1) / 3;
  private static final long BACK_AT_HEAD_MS = 10_000;

  @Test
  void killedNodesComeBackWithTheirChainAndNeverDoubleSign(@TempDir Path dir) throws Exception {
    System.out.println("CrashRestartIT seed " + SEED);
    Random random = new Random(SEED);
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      DurableCluster cluster = new DurableCluster(run, dir, "lpos-crash-it", SEATS,
          new long[] {250_000, 250_000, 250_000, 250_000});
      cluster.start(20);
      Map<Long, ByteString> seen = new HashMap<>();
      List<String> returns = new ArrayList<>();
      for (int k = 0; k < KILLS; k++) {
        long base = cluster.headWithout(-1);
        await("progress before kill " + k, 60, () -> cluster.headWithout(-1) >= base + 3, cluster::heights);
        int victim = chooseVictim(cluster, random);
        for (int i = 0; i < DurableCluster.NODES; i++) {
          record(seen, cluster.hashes(i), "node-" + i + " before kill " + k);
        }
        cluster.kill9(victim);
        long down = cluster.headWithout(victim);
        // Let the others go on for a moment if they can (a later senate may need the victim).
        long until = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < until && cluster.headWithout(victim) < down + 2) {
          Thread.sleep(100);
        }
        long head = cluster.headWithout(victim);
        long launchedAt = System.nanoTime();
        cluster.launch(victim);
        await("node-" + victim + " back at height " + head, 60, () -> cluster.height(victim) >= head, cluster::heights);
        long ms = (System.nanoTime() - launchedAt) / 1_000_000;
        returns.add("kill " + k + ": node-" + victim + " back at height " + head + " " + ms + " ms after launch");
        System.out.println(returns.get(returns.size() - 1));
        assertTrue(ms <= BACK_AT_HEAD_MS, returns.toString());
      }

      long end = cluster.headWithout(-1);
      await("every node past height " + (end + 2), 60,
          () -> IntStream.range(0, DurableCluster.NODES).allMatch(i -> cluster.height(i) >= end + 2),
          cluster::heights);
      List<Map<Long, ByteString>> chains = new ArrayList<>();
      for (int i = 0; i < DurableCluster.NODES; i++) {
        chains.add(cluster.hashes(i));
      }
      for (int i = 0; i < DurableCluster.NODES; i++) {
        for (long h = 1; h <= end + 1; h++) {
          assertEquals(chains.get(0).get(h), chains.get(i).get(h), "node-" + i + " at height " + h);
        }
        record(seen, chains.get(i), "node-" + i + " at the end");
      }
      assertTrue(seen.size() >= end, "blocks compared: " + seen.size());
      assertEquals(List.of(), cluster.equivocationReports(), "no equivocation evidence in any log");
      for (int i = 0; i < DurableCluster.NODES; i++) {
        Path data = dir.resolve("node-" + i).resolve("data");
        assertTrue(Files.isRegularFile(data.resolve("agreement.state")), "node-" + i + " persisted its lock in " + data);
      }
    }
  }

  /** A random node with at most f seats in the senate of the height being decided. */
  private static int chooseVictim(DurableCluster cluster, Random random) {
    List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3));
    Collections.shuffle(order, random);
    for (int candidate : order) {
      int reader = (candidate + 1) % DurableCluster.NODES;
      if (cluster.seatsOf(candidate, reader) <= F) {
        return candidate;
      }
    }
    throw new AssertionError("no node holds at most " + F + " seats");
  }

  /** Adds {@code hashes} to {@code seen}, failing if a height already seen has another hash. */
  private static void record(Map<Long, ByteString> seen, Map<Long, ByteString> hashes, String who) {
    hashes.forEach((h, hash) -> {
      ByteString before = seen.putIfAbsent(h, hash);
      assertTrue(before == null || before.equals(hash), who + ": block " + h + " changed");
    });
  }
}
