package org.lpos.lab.perturb;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code timeline.png}: the committed height of each node over a perturbed run (XChart, drawn
 * headless), one line per node with a gap where it did not answer (killed, paused, not up yet),
 * each fault a shaded span named in the legend and marked by a labelled line at its start.
 */
public final class TimelinePlot {
  /** The file name, beside the run's other output. */
  public static final String FILE = "timeline.png";

  private static final int WIDTH = 1100;
  private static final int HEIGHT = 600;
  /** Translucent fills, one per fault in turn, light enough for the node lines to show through. */
  private static final Color[] SPANS = {new Color(220, 50, 50, 45), new Color(240, 160, 0, 55),
      new Color(60, 120, 220, 45), new Color(140, 60, 200, 45), new Color(40, 160, 90, 45)};

  static {
    // Charts are drawn off screen; without this AWT looks for a display on a server and fails.
    System.setProperty("java.awt.headless", "true");
  }

  private TimelinePlot() {}

  /** The chart of {@code samples} taken during a run whose schedule started at {@code zeroWallMs} with {@code schedule}. */
  public static XYChart chart(List<HeightTimeline.Sample> samples, int nodes, PerturbationSchedule schedule,
      long zeroWallMs, String title) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("seconds after the network was up (a block on every node)").yAxisTitle("committed height").build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    chart.getStyler().setYAxisDecimalPattern("#,##0");
    long top = Math.max(1, samples.stream().mapToLong(HeightTimeline.Sample::height).max().orElse(1));
    int k = 0;
    for (FaultWindow w : schedule.windows()) {
      double from = w.startMs() / 1000.0;
      double to = w.endMs().orElse(lastSampleMs(samples, zeroWallMs)) / 1000.0;
      XYSeries span = chart.addSeries(w.label() + " (" + Perturbation.time(w.startMs()) + ")",
          new double[] {from, to}, new double[] {top * 1.05, top * 1.05});
      span.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
      span.setMarker(SeriesMarkers.NONE);
      Color fill = SPANS[k % SPANS.length];
      span.setFillColor(fill);
      // The top edge in the fill's full colour: it is also the legend's swatch.
      span.setLineColor(new Color(fill.getRed(), fill.getGreen(), fill.getBlue()));
      k++;
    }
    List<Perturbation> perturbations = schedule.perturbations();
    for (int i = 0; i < perturbations.size(); i++) {
      double x = perturbations.get(i).atMs() / 1000.0;
      chart.addAnnotation(new AnnotationLine(x, true, false));
      String name = perturbations.get(i).describe();
      // Alternate heights, so that the labels of faults close in time do not overlap.
      chart.addAnnotation(new AnnotationText(name.substring(0, name.indexOf('@')), x, top * (i % 2 == 0 ? 1.12 : 1.08),
          false));
    }
    for (int node = 0; node < nodes; node++) {
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (HeightTimeline.Sample s : samples) {
        if (s.node() == node) {
          xs.add((s.atWallMs() - zeroWallMs) / 1000.0);
          // No answer: a gap in the line rather than a drop to zero.
          ys.add(s.height() < 0 ? null : (double) s.height());
        }
      }
      if (!xs.isEmpty()) {
        XYSeries line = chart.addSeries("node-" + node, xs, ys);
        line.setMarker(SeriesMarkers.NONE);
        // Nodes in step draw over each other: each line is thinner than the one before, so every
        // node's colour still shows along a shared stretch and a gap in one line stands out.
        line.setLineWidth(1.5f + Math.min(2.5f, 9f / nodes) * (nodes - 1 - node));
      }
    }
    chart.getStyler().setYAxisMax(top * 1.15);
    return chart;
  }

  /** Writes the chart as {@code dir/}{@value #FILE} and returns its path. */
  public static Path write(Path dir, List<HeightTimeline.Sample> samples, int nodes, PerturbationSchedule schedule,
      long zeroWallMs, String title) throws IOException {
    Path file = dir.resolve(FILE);
    // XChart 4 deprecates its saveBitmap overloads; the image they write is this one.
    if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart(samples, nodes, schedule, zeroWallMs, title)), "png",
        file.toFile())) {
      throw new IOException("no PNG writer in this JDK");
    }
    return file;
  }

  private static long lastSampleMs(List<HeightTimeline.Sample> samples, long zeroWallMs) {
    return samples.isEmpty() ? 0 : samples.get(samples.size() - 1).atWallMs() - zeroWallMs;
  }
}
