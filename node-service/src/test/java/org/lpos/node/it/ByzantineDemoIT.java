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
 * {@code lpos demo --byzantine 1 --byzantine-mode equivocate}: four node processes, the last one
 * running {@code lpos node --byzantine-mode equivocate}. The three honest nodes commit, agree on
 * every height, and record the equivocator's conflicting votes as evidence; no process is left.
 */
class ByzantineDemoIT {
  @Test
  void honestNodesCommitAgreeAndDetectTheEquivocator(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("demo");
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      Process p = run.lpos("demo", List.of("demo", "--nodes", "4", "--byzantine", "1", "--byzantine-mode",
          "equivocate", "--duration", "20s", "--json", "--output-dir", out.toString()));
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "demo did not finish: " + run.output("demo"));
      String output = run.output("demo");
      List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
      assertEquals(1, lines.size(), output);
      JsonObject summary = JsonParser.parseString(lines.get(0)).getAsJsonObject();

      assertEquals("equivocate", summary.get("byzantine_mode").getAsString(), output);
      assertTrue(summary.get("blocks").getAsLong() > 0, "the honest nodes commit: " + output);
      assertTrue(summary.get("nodes_agree").getAsBoolean(), output);
      assertTrue(summary.get("equivocations_detected").getAsLong() > 0, "no equivocation detected: " + output);
      assertEquals(0, p.exitValue(), output);
      assertTrue(output.contains("--byzantine-mode equivocate"), "the demo says which node misbehaves: " + output);
      String outDir = out.toString();
      assertTrue(ProcessHandle.allProcesses()
          .noneMatch(h -> h.info().commandLine().map(c -> c.contains(outDir)).orElse(false)),
          "a node or discovery process of the demo is still alive");
    }
  }
}
