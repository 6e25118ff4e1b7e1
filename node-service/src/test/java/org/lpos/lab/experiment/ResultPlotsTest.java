package org.lpos.lab.experiment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The charts: one line per senate size, points sorted by x, PNG files that decode, simulated runs labelled. */
class ResultPlotsTest {
  private static final List<RunRecord> GRID = List.of(
      RunRecords.measured(4, 7, 300, 1150), RunRecords.measured(4, 7, 100, 400),
      RunRecords.measured(4, 4, 100, 400), RunRecords.measured(4, 4, 300, 1180),
      RunRecords.measured(10, 4, 100, 990), RunRecords.measured(10, 7, 100, 980));

  @Test
  void throughputAndLatencyHaveALinePerSenateSizeAndPopulation() {
    Map<String, XYChart> charts = ResultPlots.charts(GRID);

    assertEquals(List.of(ResultPlots.THROUGHPUT, ResultPlots.LATENCY, ResultPlots.COMMUNICATION),
        List.copyOf(charts.keySet()));
    assertEquals(List.of("N=4 P=4", "N=4 P=10", "N=7 P=4", "N=7 P=10"), names(charts.get(ResultPlots.THROUGHPUT)));
    assertEquals(Set.of("N=4 P=4 p50", "N=4 P=10 p50", "N=7 P=4 p50", "N=7 P=10 p50", "N=4 P=4 p99",
        "N=4 P=10 p99", "N=7 P=4 p99", "N=7 P=10 p99"), Set.copyOf(names(charts.get(ResultPlots.LATENCY))));
    XYSeries n4 = charts.get(ResultPlots.THROUGHPUT).getSeriesCollection().stream()
        .filter(s -> s.getName().equals("N=4 P=4")).findFirst().orElseThrow();
    assertArrayEquals(new double[] {400, 1200}, n4.getXData());
    assertArrayEquals(new double[] {400, 1180}, n4.getYData());
  }

  @Test
  void communicationCostIsAgainstPopulationWithTheParameterInTheLineNameWhenItVaries() {
    XYChart cost = ResultPlots.charts(GRID).get(ResultPlots.COMMUNICATION);

    assertEquals(List.of("N=4 param=100", "N=4 param=300", "N=7 param=100", "N=7 param=300"), names(cost));
    XYSeries n7 = cost.getSeriesCollection().stream().filter(s -> s.getName().equals("N=7 param=100"))
        .findFirst().orElseThrow();
    assertArrayEquals(new double[] {4, 10}, n7.getXData());
  }

  @Test
  void aFaultGridGetsChartsAgainstPopulationWithALinePerFaultSetting() {
    FaultFigures loopback = new FaultFigures("none", "loopback", "", 0, Double.NaN);
    FaultFigures degraded = new FaultFigures("none", "delay=50ms loss=1%", "", 0, Double.NaN);
    FaultFigures silent = new FaultFigures("silent", "loopback", "", 0, Double.NaN);
    List<RunRecord> grid = List.of(RunRecords.measured(4, 4, 150, 590).withFaults(loopback),
        RunRecords.measured(4, 4, 150, 300).withFaults(degraded),
        RunRecords.measured(7, 7, 50, 340).withFaults(loopback),
        RunRecords.measured(7, 7, 50, 200).withFaults(degraded),
        withByzantine(RunRecords.measured(4, 4, 150, 20), 1).withFaults(silent),
        withByzantine(RunRecords.measured(7, 7, 50, 10), 2).withFaults(silent));

    Map<String, XYChart> charts = ResultPlots.charts(grid);

    assertTrue(charts.keySet().containsAll(List.of(ResultPlots.FAULTS_THROUGHPUT, ResultPlots.FAULTS_LATENCY,
        ResultPlots.FAULTS_VIEW_CHANGES)), charts.keySet().toString());
    XYChart throughput = charts.get(ResultPlots.FAULTS_THROUGHPUT);
    assertEquals(Set.of("T=0, loopback", "T=0, delay=50ms loss=1%", "T=f silent, loopback"),
        Set.copyOf(names(throughput)));
    XYSeries f = throughput.getSeriesCollection().stream().filter(s -> s.getName().equals("T=f silent, loopback"))
        .findFirst().orElseThrow();
    assertArrayEquals(new double[] {4, 7}, f.getXData(), "T = 1 of 4 and T = 2 of 7 are both f");
    assertArrayEquals(new double[] {20, 10}, f.getYData());
    assertFalse(ResultPlots.charts(GRID).containsKey(ResultPlots.FAULTS_THROUGHPUT), "no faults varied: no chart");
  }

  private static RunRecord withByzantine(RunRecord r, int t) {
    return new RunRecord(r.source(), r.population(), r.senate(), t, "silent (never started)", r.experiment(),
        r.param(), r.offeredTxPerS(), r.durationS(), r.blocks(), r.committedTxs(), r.committedTxPerS(),
        r.latencyP50Ms(), r.latencyP95Ms(), r.latencyP99Ms(), r.blockIntervalMs(), r.roundsPerHeight(),
        r.viewChanges(), r.messagesPerTx(), r.bytesPerTx(), r.cpuSecondsPer1000Tx(), r.peakRssMbPerNode(),
        r.agreed(), r.command());
  }

  @Test
  void senateSizesAreOrderedAsNumbers() {
    List<RunRecord> runs = List.of(RunRecords.measured(4, 10, 100, 300), RunRecords.measured(4, 7, 100, 350));

    assertEquals(List.of("N=7", "N=10"), names(ResultPlots.charts(runs).get(ResultPlots.THROUGHPUT)));
  }

  @Test
  void simulatedRunsHaveNoLatencyChartAndSaySimulated() {
    Map<String, XYChart> charts = ResultPlots.charts(List.of(RunRecords.simulated(10, 4), RunRecords.simulated(1000, 4),
        RunRecords.simulated(10, 10), RunRecords.simulated(1000, 10)));

    assertEquals(Set.of(ResultPlots.THROUGHPUT, ResultPlots.COMMUNICATION), charts.keySet());
    charts.values().forEach(c -> assertTrue(c.getTitle().contains("SIMULATED"), c.getTitle()));
    assertEquals(List.of("N=4", "N=10"), names(charts.get(ResultPlots.COMMUNICATION)));
  }

  @Test
  void writesDecodablePngFiles(@TempDir Path dir) throws Exception {
    List<Path> files = ResultPlots.write(dir, GRID);

    assertEquals(3, files.size());
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(bytes, 4), f.toString());
      BufferedImage image = ImageIO.read(f.toFile());
      assertEquals(900, image.getWidth());
      assertFalse(image.getHeight() < 100);
    }
  }

  private static List<String> names(XYChart chart) {
    return chart.getSeriesCollection().stream().map(XYSeries::getName).collect(Collectors.toList());
  }
}
