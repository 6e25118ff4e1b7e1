package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lpos demo --perturb}: four node processes under {@code tx-rate}; one is killed with
 * SIGKILL and started again on its data, another is frozen with SIGSTOP and continued, and the
 * network is split in two halves (neither holds a quorum) through the relays and healed. The
 * run's end checks must all pass (one chain, value conserved, no honest double sign, every node
 * committing again within the bound after the last fault), every fault has a recovery time, and
 * {@code timeline.png} is written. The schedule's clock starts once every node has committed a
 * block, so a slow start on busy cores does not move the faults before the network is up.
 */
class PerturbationIT {
  private static final String SCHEDULE =
      "kill:node-3@5s,restart:node-3@12s,pause:node-2@18s+6s,partition:{0,1}|{2,3}@30s+8s";
  /** Inside the partition, clear of blocks already decided when it began and of the heal. */
  private static final double PARTITION_HELD_FROM_S = 31.5;
  private static final double PARTITION_HELD_UNTIL_S = 37.5;
  /**
   * A half commits a height only when its two members hold three of its four seats (5/16 of the
   * draws, which are with replacement), so it goes on for a run of such heights at most: eight
   * in a row has odds of about 3e-5, while the whole network makes dozens of blocks in 6 s.
   */
  private static final long MAX_BLOCKS_ACROSS_PARTITION = 8;

  @Test
  void aKilledAPausedAndAPartitionedNetworkRecoversAndPassesTheEndChecks(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("demo");
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      Process p = run.lpos("demo", List.of("demo", "--nodes", "4", "--experiment", "tx-rate", "--param", "20",
          "--duration", "70s", "--perturb", SCHEDULE, "--json", "--output-dir", out.toString()));
      assertTrue(p.waitFor(330, TimeUnit.SECONDS), "demo did not finish: " + run.output("demo"));
      String output = run.output("demo");
      List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
      assertEquals(1, lines.size(), output);
      JsonObject summary = JsonParser.parseString(lines.get(0)).getAsJsonObject();

      assertEquals(SCHEDULE, summary.get("perturbations").getAsString());
      JsonObject checks = summary.getAsJsonObject("perturbation_checks");
      assertTrue(checks.get("one_chain").getAsBoolean(), output);
      assertTrue(checks.get("value_conserved").getAsBoolean(), output);
      assertTrue(checks.get("no_honest_double_sign").getAsBoolean(), output);
      assertTrue(checks.get("liveness_resumed_s").getAsDouble() <= checks.get("liveness_bound_s").getAsDouble(),
          output);
      assertTrue(checks.get("passed").getAsBoolean(), output);
      JsonObject recovery = summary.getAsJsonObject("recovery_s");
      for (String fault : List.of("kill:node-3@5s", "pause:node-2@18s+6s", "partition:{0,1}|{2,3}@30s+8s")) {
        assertTrue(recovery.has(fault) && !recovery.get(fault).isJsonNull(), "recovery of " + fault + ": " + output);
      }
      assertEquals(0, p.exitValue(), output);

      assertTrue(Files.readString(out.resolve("node-3.out")).lines()
          .filter(l -> l.startsWith("node node-3 listening")).count() == 2, "node-3 was started twice");
      for (int node = 0; node < 4; node++) {
        long grown = grownWithin(out.resolve("timeline.csv"), node, PARTITION_HELD_FROM_S, PARTITION_HELD_UNTIL_S);
        assertTrue(grown <= MAX_BLOCKS_ACROSS_PARTITION, "node-" + node + " committed " + grown + " blocks while "
            + "the relays kept the halves apart: " + output);
      }
      byte[] png = Files.readAllBytes(out.resolve("timeline.png"));
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
      assertTrue(png.length > 20_000, "a chart of four lines, not an empty image: " + png.length + " bytes");
      assertTrue(Files.readAllLines(out.resolve("timeline.csv")).size() > 4 * 60, "two samples a second per node");
      String outDir = out.toString();
      assertTrue(ProcessHandle.allProcesses()
          .noneMatch(h -> h.info().commandLine().map(c -> c.contains(outDir)).orElse(false)),
          "a node or discovery process of the demo is still alive");
    }
  }

  /** How far node {@code node}'s committed height grew between the two times, by {@code timeline.csv}. */
  private static long grownWithin(Path timelineCsv, int node, double fromS, double untilS) throws Exception {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (String line : Files.readAllLines(timelineCsv)) {
      String[] f = line.split(",", -1);
      if (f.length == 3 && f[1].equals("node-" + node) && !f[2].isEmpty()) {
        double t = Double.parseDouble(f[0]);
        if (t >= fromS && t <= untilS) {
          min = Math.min(min, Long.parseLong(f[2]));
          max = Math.max(max, Long.parseLong(f[2]));
        }
      }
    }
    assertTrue(max >= min, "node-" + node + " answered during the partition");
    return max - min;
  }
}
