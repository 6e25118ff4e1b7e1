package org.lpos.lab.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code results.csv}: one row per run, every column, empty cells for what was not measured. */
class ResultsCsvTest {
  @Test
  void writesOneRowPerRunWithTheHeaderAndTheReproducingCommand(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(ResultsCsv.FILE);
    RunRecord measured = RunRecords.measured(4, 7, 250, 812.5);
    ResultsCsv.write(file, List.of(measured, RunRecords.simulated(100, 10)));

    List<CSVRecord> rows = read(file);
    assertEquals(ResultsCsv.header(), rows.get(0).toList());
    assertEquals(3, rows.size());
    CSVRecord m = rows.get(1);
    assertEquals(ResultsCsv.header().size(), m.size());
    assertEquals("measured", cell(m, "figures"));
    assertEquals("7", cell(m, "senate"));
    assertEquals("250", cell(m, "param"));
    assertEquals("1000", cell(m, "offered_tx_per_s"));
    assertEquals("812.5", cell(m, "committed_tx_per_s"));
    assertEquals("45.5", cell(m, "latency_ms_p99"));
    assertEquals("2", cell(m, "messages_per_tx_vote"));
    assertEquals("0", cell(m, "messages_per_tx_proposal"));
    assertEquals("2.5", cell(m, "messages_per_tx_total"));
    assertEquals("600", cell(m, "bytes_per_tx_total"));
    assertEquals("220.5", cell(m, "peak_rss_mb_max"));
    assertEquals("210;220.5", cell(m, "peak_rss_mb_per_node"));
    assertEquals(measured.command(), cell(m, "command"));
  }

  @Test
  void figuresASimulationDoesNotModelAreEmptyAndTheRowSaysSimulated(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(ResultsCsv.FILE);
    ResultsCsv.write(file, List.of(RunRecords.simulated(1000, 10)));

    CSVRecord s = read(file).get(1);
    assertEquals("simulated", cell(s, "figures"));
    assertEquals("", cell(s, "latency_ms_p50"));
    assertEquals("", cell(s, "cpu_s_per_1000_tx"));
    assertEquals("", cell(s, "peak_rss_mb_max"));
    assertEquals("100000", cell(s, "bytes_per_tx_vote"));
  }

  @Test
  void theFaultColumnsSayModeLinksAndWhatTheFaultsDid(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(ResultsCsv.FILE);
    RunRecord degraded = RunRecords.measured(4, 4, 150, 300)
        .withFaults(new FaultFigures("equivocate", "delay=50ms jitter=10ms loss=1%", "", 7, Double.NaN));
    ResultsCsv.write(file, List.of(degraded, RunRecords.measured(4, 4, 150, 590)));

    CSVRecord d = read(file).get(1);
    assertEquals("equivocate", cell(d, "byzantine_mode"));
    assertEquals("delay=50ms jitter=10ms loss=1%", cell(d, "netem"));
    assertEquals("", cell(d, "perturbations"));
    assertEquals("7", cell(d, "equivocations_detected"));
    assertEquals("", cell(d, "recovery_s"), "no perturbation, no recovery time");
    assertEquals("3", cell(d, "view_changes"));
    assertEquals("3", cell(d, "view_changes_per_min"), "3 view changes in a run of 60 s");
    CSVRecord unrecorded = read(file).get(2);
    assertEquals("", cell(unrecorded, "netem"));
    assertEquals("", cell(unrecorded, "equivocations_detected"));
  }

  @Test
  void readingBackGivesTheRecordsThatWereWritten(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(ResultsCsv.FILE);
    List<RunRecord> written = List.of(RunRecords.measured(4, 7, 250, 812.5)
        .withFaults(new FaultFigures("silent", "delay=50ms loss=1%", "", 0, Double.NaN)),
        RunRecords.simulated(100, 10));
    ResultsCsv.write(file, written);

    assertEquals(written, ResultsCsv.read(file));
  }

  @Test
  void aFileOfAnotherFormatIsRefusedNotGuessedAt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(ResultsCsv.FILE);
    Files.writeString(file, "figures,population\nmeasured,4\n");

    IOException e = assertThrows(IOException.class, () -> ResultsCsv.read(file));
    assertTrue(e.getMessage().contains("other columns"), e.getMessage());
  }

  @Test
  void viewChangesPerMinuteFollowTheRunsLength() {
    RunRecord r = RunRecords.simulated(10, 4);
    assertEquals(0, r.viewChangesPerMin());
    RunRecord measured = RunRecords.measured(4, 4, 100, 400);
    assertEquals(3, measured.viewChangesPerMin(), 1e-12);
  }

  @Test
  void rewritingReplacesTheFileWholeAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve(ResultsCsv.FILE);
    ResultsCsv.write(file, List.of(RunRecords.measured(4, 4, 100, 400)));
    ResultsCsv.write(file, List.of(RunRecords.measured(4, 4, 100, 400), RunRecords.measured(4, 4, 200, 790)));

    assertEquals(3, read(file).size());
    assertFalse(Files.exists(dir.resolve(ResultsCsv.FILE + ".tmp")));
  }

  @Test
  void numbersHaveAtMostThreeDecimalsAndNoTrailingZeros() {
    assertEquals("3", ResultsCsv.number(3.0));
    assertEquals("0.125", ResultsCsv.number(0.125));
    assertEquals("2.667", ResultsCsv.number(8 / 3.0));
    assertEquals("0.5", ResultsCsv.number(0.5000001));
    assertEquals("", ResultsCsv.number(Double.NaN));
  }

  private static List<CSVRecord> read(Path file) throws Exception {
    try (Reader r = Files.newBufferedReader(file)) {
      return CSVFormat.DEFAULT.parse(r).getRecords();
    }
  }

  private static String cell(CSVRecord row, String column) {
    return row.get(ResultsCsv.header().indexOf(column));
  }
}
