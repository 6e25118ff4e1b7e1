package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.proto.v1.BlockHeader;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.Lottery;

/**
 * {@code lpos demo --lottery vrf}: four node processes on a chain whose genesis says LOTTERY_VRF
 * commit blocks sealed with VRF proofs and agree (PROTOCOL §6a); no process is left.
 */
class VrfLotteryDemoIT {
  @Test
  void fourNodesOnAVrfChainCommitAndAgree(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("demo");
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      Process p = run.lpos("demo", List.of("demo", "--nodes", "4", "--lottery", "vrf", "--duration", "20s", "--json",
          "--output-dir", out.toString()));
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "demo did not finish: " + run.output("demo"));
      String output = run.output("demo");
      List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
      assertEquals(1, lines.size(), output);
      JsonObject summary = JsonParser.parseString(lines.get(0)).getAsJsonObject();

      assertEquals("vrf", summary.get("lottery").getAsString(), output);
      assertTrue(summary.get("blocks").getAsLong() > 0, "the nodes commit: " + output);
      assertTrue(summary.get("nodes_agree").getAsBoolean(), "the nodes agree: " + output);
      assertEquals(0, p.exitValue(), output);
      ChainFile chain = ChainFiles.read(out.resolve("chain.json"));
      BlockHeader genesis = chain.getBlocks(0).getBlock().getHeader();
      assertEquals(Lottery.LOTTERY_VRF, genesis.getParams().getLottery());
      String outDir = out.toString();
      assertFalse(ProcessHandle.allProcesses()
          .anyMatch(h -> h.info().commandLine().map(c -> c.contains(outDir)).orElse(false)),
          "a node or discovery process of the demo is still alive");
    }
  }
}
