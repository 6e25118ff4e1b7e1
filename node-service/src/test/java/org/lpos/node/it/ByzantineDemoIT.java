package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lpos demo --byzantine 1 --byzantine-mode equivocate}: four node processes, the last one
 * running {@code lpos node --byzantine-mode equivocate}; the three honest nodes commit, the
 * summary names the mode and counts the evidence they recorded, and no process is left.
 *
 * <p>The honest nodes agree (the demo's chain seats distinct members, so the one Byzantine member
 * of four holds one seat, PROTOCOL §5) and detect the equivocation (from certificates holding the
 * side of a precommit they were not shown).
 */
class ByzantineDemoIT {
  @Test
  void anEquivocatingNodeProcessRunsBesideHonestNodesThatCommit(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("demo");
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      Process p = run.lpos("demo", List.of("demo", "--nodes", "4", "--byzantine", "1", "--byzantine-mode",
          "equivocate", "--duration", "30s", "--json", "--output-dir", out.toString()));
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "demo did not finish: " + run.output("demo"));
      String output = run.output("demo");
      List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
      assertEquals(1, lines.size(), output);
      JsonObject summary = JsonParser.parseString(lines.get(0)).getAsJsonObject();

      assertEquals("equivocate", summary.get("byzantine_mode").getAsString(), output);
      assertTrue(summary.get("blocks").getAsLong() > 0, "the honest nodes commit: " + output);
      assertTrue(summary.get("equivocations_detected").getAsLong() > 0, "the equivocation is detected: " + output);
      assertTrue(summary.get("nodes_agree").getAsBoolean(), "the honest nodes agree: " + output);
      assertEquals(0, p.exitValue(), output);
      assertTrue(output.contains("Byzantine: the last 1 node(s), --byzantine-mode equivocate"), output);
      assertTrue(Files.readString(out.resolve("node-3.out")).contains("--byzantine-mode equivocate: this node"
          + " misbehaves on purpose"), "node-3 runs as the equivocator");
      assertFalse(Files.readString(out.resolve("node-0.out")).contains("misbehaves on purpose"), "node-0 is honest");
      String outDir = out.toString();
      assertTrue(ProcessHandle.allProcesses()
          .noneMatch(h -> h.info().commandLine().map(c -> c.contains(outDir)).orElse(false)),
          "a node or discovery process of the demo is still alive");
    }
  }
}
