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
