package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.lab.experiment.ResultPlots;
import org.lpos.lab.experiment.ResultsCsv;

/**
 * {@code lpos experiment} end to end with one short run of four node processes: it writes one
 * measured row that names the command repeating it, the per-node memory samples and the charts,
 * and leaves no process behind. Whether the loaded build machine commits within the run decides
 * only the exit code and which charts have points, so both outcomes are checked for consistency.
 */
class ExperimentRunIT {
  @Test
  void oneRunWritesItsRowChartsAndStopsEveryProcess(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("exp");
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      Process p = run.lpos("experiment", List.of("experiment", "--population", "4", "--senate", "4",
          "--byzantine", "0", "--param", "50", "--duration", "12s", "--out", out.toString()));
      assertTrue(p.waitFor(240, TimeUnit.SECONDS), "experiment did not finish: " + run.output("experiment"));
      String output = run.output("experiment");

      List<CSVRecord> rows;
      try (Reader r = Files.newBufferedReader(out.resolve(ResultsCsv.FILE))) {
        rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r).getRecords();
      }
      assertEquals(1, rows.size(), output);
      CSVRecord row = rows.get(0);
      assertEquals("measured", row.get("figures"));
      assertEquals("200", row.get("offered_tx_per_s"));
      assertEquals("./lpos experiment --population 4 --senate 4 --byzantine 0 --experiment load-rate --param 50"
          + " --duration 12s", row.get("command"));
      assertEquals(4, row.get("peak_rss_mb_per_node").split(";").length, row.toString());
      assertEquals("none", row.get("byzantine_mode"));
      assertEquals("loopback", row.get("netem"));
      assertEquals("", row.get("perturbations"));
      assertEquals("0", row.get("equivocations_detected"), "honest nodes on loopback see no equivocation");
      assertEquals("", row.get("recovery_s"));
      assertTrue(Double.parseDouble(row.get("view_changes_per_min")) >= 0, row.toString());
      assertTrue(Files.size(out.resolve(ResultPlots.THROUGHPUT)) > 0);
      assertTrue(output.contains("[####################] 1/1 runs"), output);

      boolean committed = Long.parseLong(row.get("blocks")) > 0;
      assertEquals(committed && row.get("nodes_agree").equals("true") ? 0 : 1, p.exitValue(), output);
      if (committed) {
        assertTrue(Double.parseDouble(row.get("bytes_per_tx_total")) > 0, row.toString());
        assertTrue(Files.size(out.resolve(ResultPlots.COMMUNICATION)) > 0);
      }
      String runDir = out.resolve("runs").toString();
      assertTrue(ProcessHandle.allProcesses()
          .noneMatch(h -> h.info().commandLine().map(c -> c.contains(runDir)).orElse(false)),
          "a node or discovery process of the run is still alive");
    }
  }
}
