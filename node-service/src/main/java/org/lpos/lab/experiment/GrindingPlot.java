package org.lpos.lab.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The grinding experiment's chart ({@code grinding.png}): the Byzantine share of the seats
 * against the grinding effort K (log axis), with 95% interval bars, one line per lottery and
 * Byzantine stake, and a dashed line at each stake share (what an unbiased lottery gives). A
 * lottery measured at one K only (the VRF lottery, where K is no lever) is drawn flat across the
 * K axis from that measurement.
 */
public final class GrindingPlot {
  /** The file name in the output directory. */
  public static final String FILE = "grinding.png";

  static {
    // Drawn off screen; without this AWT looks for a display on a server.
    System.setProperty("java.awt.headless", "true");
  }

  private GrindingPlot() {}

  /** The chart of {@code rows}. */
  public static XYChart chart(List<GrindingResults.Row> rows) {
    XYChart chart = new XYChartBuilder().width(1000).height(620)
        .title("Byzantine seat share vs grinding effort K (SIMULATED)").xAxisTitle("K, alternatives tried per decision")
        .yAxisTitle("Byzantine share of senate seats").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setXAxisLogarithmic(true);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    chart.getStyler().setYAxisDecimalPattern("0.00");
    chart.getStyler().setYAxisMin(0.0);
    double minK = rows.stream().mapToDouble(GrindingResults.Row::grindTries).min().orElse(1);
    double maxK = Math.max(minK * 2, rows.stream().mapToDouble(GrindingResults.Row::grindTries).max().orElse(2));
    Map<String, List<GrindingResults.Row>> lines = new TreeMap<>();
    for (GrindingResults.Row r : rows) {
      String name = String.format(Locale.ROOT, "%s, %.0f%% stake", r.lottery(), 100 * r.byzantineStake());
      lines.computeIfAbsent(name, k -> new ArrayList<>()).add(r);
    }
    TreeMap<Double, String> stakes = new TreeMap<>();
    lines.forEach((name, runs) -> {
      runs.sort(Comparator.comparingInt(GrindingResults.Row::grindTries));
      double[] x;
      double[] y;
      double[] err;
      String label = name;
      if (runs.size() == 1) {
        GrindingResults.Row r = runs.get(0);
        x = new double[] {minK, maxK};
        y = new double[] {r.seatShare(), r.seatShare()};
        err = new double[] {halfWidth(r), halfWidth(r)};
        label = name + " (K no lever)";
      } else {
        x = runs.stream().mapToDouble(GrindingResults.Row::grindTries).toArray();
        y = runs.stream().mapToDouble(GrindingResults.Row::seatShare).toArray();
        err = runs.stream().mapToDouble(GrindingPlot::halfWidth).toArray();
      }
      XYSeries s = chart.addSeries(label, x, y, err);
      s.setMarker(runs.size() == 1 ? SeriesMarkers.NONE : SeriesMarkers.CIRCLE);
      if (runs.size() == 1) {
        s.setLineStyle(SeriesLines.DOT_DOT);
      }
      stakes.put(runs.get(0).byzantineStake(), "");
    });
    for (double stake : stakes.keySet()) {
      XYSeries s = chart.addSeries(String.format(Locale.ROOT, "stake share %.0f%%", 100 * stake),
          new double[] {minK, maxK}, new double[] {stake, stake});
      s.setMarker(SeriesMarkers.NONE);
      s.setLineStyle(SeriesLines.DASH_DASH);
      s.setLineColor(java.awt.Color.GRAY);
    }
    return chart;
  }

  /** Writes the chart of {@code rows} to {@code dir}/{@value #FILE} and returns its path. */
  public static Path write(Path dir, List<GrindingResults.Row> rows) throws IOException {
    Path file = dir.resolve(FILE);
    if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart(rows)), "png", file.toFile())) {
      throw new IOException("no PNG writer in this JDK");
    }
    return file;
  }

  private static double halfWidth(GrindingResults.Row r) {
    double h = (r.ci95High() - r.ci95Low()) / 2;
    return Double.isFinite(h) ? h : 0;
  }
}
