package org.lpos.lab.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.lpos.chain.senate.Quorum;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The experiment's PNG charts (XChart, drawn headless): committed throughput and commit latency
 * against offered load, and communication cost against population, each line one senate size.
 * When the runs also vary population, T, parameter, workload, Byzantine mode or links, a line's
 * name says which. A fault grid (runs that vary T or the links) also gets committed throughput,
 * commit latency and view changes against population, one line per fault setting (T = 0 or f, and
 * the links). Every title says whether the figures are measured or simulated.
 */
public final class ResultPlots {
  /** Committed tx/s against offered tx/s. */
  public static final String THROUGHPUT = "throughput-vs-offered-load.png";
  /** Commit latency p50 and p99 against offered tx/s. */
  public static final String LATENCY = "latency-vs-offered-load.png";
  /** Bytes sent per committed transaction against population. */
  public static final String COMMUNICATION = "communication-vs-population.png";
  /** A fault grid: committed tx/s against population, one line per fault setting. */
  public static final String FAULTS_THROUGHPUT = "faults-throughput.png";
  /** A fault grid: commit latency p50 against population, one line per fault setting. */
  public static final String FAULTS_LATENCY = "faults-latency.png";
  /** A fault grid: view changes per minute against population, one line per fault setting. */
  public static final String FAULTS_VIEW_CHANGES = "faults-view-changes.png";

  /** Lines in the order of their parameters as numbers, so N=10 comes after N=7. */
  private static final Comparator<RunRecord> LINE_ORDER = Comparator.comparingInt(RunRecord::senate)
      .thenComparingInt(RunRecord::population).thenComparingInt(RunRecord::byzantine)
      .thenComparingDouble(RunRecord::param).thenComparing(RunRecord::experiment);

  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;

  static {
    // Charts are drawn off screen; without this AWT looks for a display on a server and fails.
    System.setProperty("java.awt.headless", "true");
  }

  private ResultPlots() {}

  /**
   * The charts for {@code records}, by file name. Latency is left out when no run measured it
   * (a simulation), and a chart is left out when no run has a point for it.
   */
  public static Map<String, XYChart> charts(List<RunRecord> records) {
    Map<String, XYChart> charts = new LinkedHashMap<>();
    String figures = figures(records);
    Function<RunRecord, String> byLoad = lineName(records, false);
    Function<RunRecord, String> byPopulation = lineName(records, true);
    XYChart throughput = chart("Committed throughput vs offered load (" + figures + ")", "offered tx/s",
        "committed tx/s");
    addLines(throughput, records, byLoad, RunRecord::offeredTxPerS, RunRecord::committedTxPerS, "");
    putIfDrawn(charts, THROUGHPUT, throughput);
    XYChart latency = chart("Commit latency vs offered load (" + figures + ")", "offered tx/s", "commit latency, ms");
    addLines(latency, records, byLoad, RunRecord::offeredTxPerS, RunRecord::latencyP50Ms, " p50");
    addLines(latency, records, byLoad, RunRecord::offeredTxPerS, RunRecord::latencyP99Ms, " p99");
    putIfDrawn(charts, LATENCY, latency);
    XYChart cost = chart("Communication cost vs population (" + figures + ")", "population (nodes)",
        "bytes sent per committed tx, all nodes");
    addLines(cost, records, byPopulation, r -> r.population(), RunRecord::bytesPerTxTotal, "");
    putIfDrawn(charts, COMMUNICATION, cost);
    if (varies(records, RunRecord::byzantine) || varies(records, r -> r.faults().netem())) {
      addFaultCharts(charts, records, figures);
    }
    return charts;
  }

  private static void addFaultCharts(Map<String, XYChart> charts, List<RunRecord> records, String figures) {
    XYChart throughput = chart("Committed throughput under faults (" + figures + ")", "population (nodes)",
        "committed tx/s");
    addLines(throughput, records, ResultPlots::faultSetting, RunRecord::population, RunRecord::committedTxPerS, "");
    putIfDrawn(charts, FAULTS_THROUGHPUT, throughput);
    XYChart latency = chart("Commit latency p50 under faults (" + figures + ")", "population (nodes)",
        "commit latency p50, ms");
    addLines(latency, records, ResultPlots::faultSetting, RunRecord::population, RunRecord::latencyP50Ms, "");
    putIfDrawn(charts, FAULTS_LATENCY, latency);
    XYChart views = chart("View changes under faults (" + figures + ")", "population (nodes)",
        "heights decided after round 0, per minute");
    addLines(views, records, ResultPlots::faultSetting, RunRecord::population, RunRecord::viewChangesPerMin, "");
    putIfDrawn(charts, FAULTS_VIEW_CHANGES, views);
  }

  /**
   * A fault grid's line: no Byzantine members, or T = f (the most the senate tolerates) or another
   * T, with their mode, and the links; so runs of different populations with T = f share a line.
   */
  static String faultSetting(RunRecord r) {
    String byzantine = r.byzantine() == 0 ? "T=0"
        : (r.byzantine() == Quorum.maxFaulty(r.senate()) ? "T=f" : "T=" + r.byzantine()) + " "
            + r.faults().byzantineMode();
    return byzantine + ", " + (r.faults().netem().isEmpty() ? "links not recorded" : r.faults().netem());
  }

  /** Writes the charts for {@code records} as PNG files into {@code dir} and returns their paths. */
  public static List<Path> write(Path dir, List<RunRecord> records) throws IOException {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, XYChart> e : charts(records).entrySet()) {
      Path file = dir.resolve(e.getKey());
      // XChart 4 deprecates its saveBitmap overloads; the image they write is this one.
      if (!ImageIO.write(BitmapEncoder.getBufferedImage(e.getValue()), "png", file.toFile())) {
        throw new IOException("no PNG writer in this JDK");
      }
      written.add(file);
    }
    return written;
  }

  private static String figures(List<RunRecord> records) {
    boolean simulated = records.stream().anyMatch(r -> r.source() == RunRecord.Source.SIMULATED);
    boolean measured = records.stream().anyMatch(r -> r.source() == RunRecord.Source.MEASURED);
    if (simulated && measured) {
      return "measured and SIMULATED runs";
    }
    return simulated ? "SIMULATED" : "measured, local processes";
  }

  /**
   * A line's name: always the senate size, plus every other parameter that varies across the runs
   * and is not the chart's x axis (population is the x axis of the cost chart).
   */
  private static Function<RunRecord, String> lineName(List<RunRecord> records, boolean populationOnX) {
    boolean populations = varies(records, RunRecord::population);
    boolean byzantine = varies(records, RunRecord::byzantine);
    boolean params = varies(records, RunRecord::param);
    boolean experiments = varies(records, RunRecord::experiment);
    boolean modes = varies(records, r -> r.faults().byzantineMode());
    boolean links = varies(records, r -> r.faults().netem());
    return r -> {
      StringBuilder b = new StringBuilder("N=").append(r.senate());
      if (populations && !populationOnX) {
        b.append(" P=").append(r.population());
      }
      if (byzantine) {
        b.append(" T=").append(r.byzantine());
      }
      if (params && populationOnX) {
        b.append(" param=").append(ResultsCsv.number(r.param()));
      }
      if (experiments) {
        b.append(' ').append(r.experiment());
      }
      if (modes) {
        b.append(' ').append(r.faults().byzantineMode());
      }
      if (links) {
        b.append(' ').append(r.faults().netem());
      }
      return b.toString();
    };
  }

  private static boolean varies(List<RunRecord> records, Function<RunRecord, Object> key) {
    return records.stream().map(key).distinct().count() > 1;
  }

  private static void addLines(XYChart chart, List<RunRecord> records, Function<RunRecord, String> line,
      ToDoubleFunction<RunRecord> x, ToDoubleFunction<RunRecord> y, String suffix) {
    Map<String, List<RunRecord>> lines = new LinkedHashMap<>();
    records.stream().filter(r -> Double.isFinite(x.applyAsDouble(r)) && Double.isFinite(y.applyAsDouble(r)))
        .sorted(LINE_ORDER).forEach(r -> lines.computeIfAbsent(line.apply(r), k -> new ArrayList<>()).add(r));
    lines.forEach((name, runs) -> {
      runs.sort(Comparator.comparingDouble(x));
      chart.addSeries(name + suffix, runs.stream().mapToDouble(x).toArray(), runs.stream().mapToDouble(y).toArray())
          .setMarker(SeriesMarkers.CIRCLE);
    });
  }

  private static XYChart chart(String title, String xTitle, String yTitle) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
        .yAxisTitle(yTitle).build();
    chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    chart.getStyler().setYAxisMin(0.0);
    chart.getStyler().setXAxisDecimalPattern("#,##0");
    chart.getStyler().setYAxisDecimalPattern("#,##0.#");
    return chart;
  }

  private static void putIfDrawn(Map<String, XYChart> charts, String file, XYChart chart) {
    if (!chart.getSeriesCollection().isEmpty()) {
      charts.put(file, chart);
    }
  }
}
