package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lpos demo} on a degraded network: four node processes whose links go through the lab's
 * relays with 50 ms one-way delay and 1% segment loss. The cluster must still commit and agree,
 * and its commit latency must show the delay: a block is decided only after a proposal and two
 * rounds of votes have crossed links, so no commit can take less than two one-way delays.
 */
class DegradedDemoIT {
  private static final long DELAY_MS = 50;

  @Test
  void fourNodesCommitAndAgreeThroughSlowLossyLinks(@TempDir Path dir) throws Exception {
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      Process demo = run.lpos("demo", List.of("demo", "--nodes", "4", "--netem", "delay=" + DELAY_MS + "ms loss=1%",
          "--duration", "25s", "--json", "--output-dir", dir.resolve("demo").toString()));
      assertTrue(demo.waitFor(180, TimeUnit.SECONDS), "the demo did not end: " + run.output("demo"));
      String out = run.output("demo");
      assertEquals(0, demo.exitValue(), out);
      List<String> lines = out.lines().toList();
      JsonObject summary = JsonParser.parseString(lines.get(lines.size() - 1)).getAsJsonObject();
      assertTrue(summary.get("nodes_agree").getAsBoolean(), out);
      assertTrue(summary.get("blocks").getAsLong() > 0, out);
      assertTrue(summary.get("committed_txs").getAsLong() > 0, out);
      assertEquals("delay=50ms loss=1%", summary.get("netem").getAsString());
      assertTrue(summary.get("latency_ms_p50").getAsLong() >= 2 * DELAY_MS,
          "a commit crosses at least two links of " + DELAY_MS + " ms: " + out);
    }
  }
}
