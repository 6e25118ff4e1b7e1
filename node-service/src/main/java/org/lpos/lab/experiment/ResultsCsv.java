package org.lpos.lab.experiment;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code results.csv}: one row per run, written whole (to a temporary file, then renamed) after
 * every run so an interrupted experiment keeps the rows it finished. Figures that were not
 * measured are empty cells; the {@code figures} column says whether a row is measured or simulated.
 */
public final class ResultsCsv {
  /** The file name in an experiment's output directory. */
  public static final String FILE = "results.csv";

  private ResultsCsv() {}

  /** The header, in column order. */
  public static List<String> header() {
    List<String> h = new ArrayList<>(List.of("figures", "population", "senate", "byzantine", "byzantine_meaning",
        "byzantine_mode", "netem", "perturbations", "experiment", "param", "offered_tx_per_s", "duration_s", "blocks",
        "committed_txs", "committed_tx_per_s", "latency_ms_p50", "latency_ms_p95", "latency_ms_p99",
        "block_interval_ms", "rounds_per_height", "view_changes", "view_changes_per_min", "equivocations_detected",
        "recovery_s"));
    RunRecord.MESSAGE_TYPES.forEach(t -> h.add("messages_per_tx_" + t));
    h.add("messages_per_tx_total");
    RunRecord.MESSAGE_TYPES.forEach(t -> h.add("bytes_per_tx_" + t));
    h.addAll(List.of("bytes_per_tx_total", "cpu_s_per_1000_tx", "peak_rss_mb_max", "peak_rss_mb_per_node",
        "nodes_agree", "command"));
    return h;
  }

  /** Writes {@code records} to {@code file}, replacing it. */
  public static void write(Path file, List<RunRecord> records) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8);
        CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
      csv.printRecord(header());
      for (RunRecord r : records) {
        csv.printRecord(row(r));
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static List<String> row(RunRecord r) {
    FaultFigures f = r.faults();
    List<String> cells = new ArrayList<>(List.of(r.source().label(), Integer.toString(r.population()),
        Integer.toString(r.senate()), Integer.toString(r.byzantine()), r.byzantineMeaning(), f.byzantineMode(),
        f.netem(), f.perturbations(), r.experiment(), number(r.param()), number(r.offeredTxPerS()),
        number(r.durationS()), Long.toString(r.blocks()), Long.toString(r.committedTxs()),
        number(r.committedTxPerS()), number(r.latencyP50Ms()), number(r.latencyP95Ms()), number(r.latencyP99Ms()),
        number(r.blockIntervalMs()), number(r.roundsPerHeight()), Long.toString(r.viewChanges()),
        number(r.viewChangesPerMin()), number(f.equivocationsDetected()), number(f.recoveryS())));
    RunRecord.MESSAGE_TYPES.forEach(t -> cells.add(number(r.messagesPerTx().getOrDefault(t, 0.0))));
    cells.add(number(r.messagesPerTxTotal()));
    RunRecord.MESSAGE_TYPES.forEach(t -> cells.add(number(r.bytesPerTx().getOrDefault(t, 0.0))));
    cells.add(number(r.bytesPerTxTotal()));
    cells.add(number(r.cpuSecondsPer1000Tx()));
    cells.add(number(r.peakRssMbMax()));
    cells.add(r.peakRssMbPerNode().stream().map(ResultsCsv::number).collect(Collectors.joining(";")));
    cells.add(Boolean.toString(r.agreed()));
    cells.add(r.command());
    return cells;
  }

  /**
   * The rows of a {@code results.csv} this class wrote, as records (figures rounded as written;
   * a message type with zero cost is left out of the cost maps, where it counts as zero).
   *
   * @throws IOException if the file cannot be read or its header is not {@link #header()}: a
   *     file of an older format is not guessed at
   */
  public static List<RunRecord> read(Path file) throws IOException {
    List<RunRecord> records = new ArrayList<>();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
        CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
      if (!csv.getHeaderNames().equals(header())) {
        throw new IOException(file + " has other columns than this version writes; start a new --out");
      }
      for (CSVRecord row : csv) {
        records.add(record(row));
      }
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
    return records;
  }

  private static RunRecord record(CSVRecord c) {
    RunRecord.Source source = Arrays.stream(RunRecord.Source.values()).filter(s -> s.label().equals(c.get("figures")))
        .findFirst().orElseThrow(() -> new IllegalArgumentException("unknown figures " + c.get("figures")));
    Map<String, Double> messages = new HashMap<>();
    Map<String, Double> bytes = new HashMap<>();
    for (String type : RunRecord.MESSAGE_TYPES) {
      putIfNonZero(messages, type, parse(c.get("messages_per_tx_" + type)));
      putIfNonZero(bytes, type, parse(c.get("bytes_per_tx_" + type)));
    }
    String rss = c.get("peak_rss_mb_per_node");
    List<Double> peakRss = rss.isEmpty() ? List.of() : Arrays.stream(rss.split(";")).map(ResultsCsv::parse).toList();
    FaultFigures faults = new FaultFigures(c.get("byzantine_mode"), c.get("netem"), c.get("perturbations"),
        parse(c.get("equivocations_detected")), parse(c.get("recovery_s")));
    return new RunRecord(source, Integer.parseInt(c.get("population")), Integer.parseInt(c.get("senate")),
        Integer.parseInt(c.get("byzantine")), c.get("byzantine_meaning"), c.get("experiment"), parse(c.get("param")),
        parse(c.get("offered_tx_per_s")), parse(c.get("duration_s")), Long.parseLong(c.get("blocks")),
        Long.parseLong(c.get("committed_txs")), parse(c.get("committed_tx_per_s")), parse(c.get("latency_ms_p50")),
        parse(c.get("latency_ms_p95")), parse(c.get("latency_ms_p99")), parse(c.get("block_interval_ms")),
        parse(c.get("rounds_per_height")), Long.parseLong(c.get("view_changes")), messages, bytes,
        parse(c.get("cpu_s_per_1000_tx")), peakRss, Boolean.parseBoolean(c.get("nodes_agree")), c.get("command"),
        faults);
  }

  /** A number cell: empty is a figure not measured. */
  private static double parse(String cell) {
    return cell.isEmpty() ? Double.NaN : Double.parseDouble(cell);
  }

  private static void putIfNonZero(Map<String, Double> map, String type, double v) {
    if (v != 0) {
      map.put(type, v);
    }
  }

  /** Up to three decimals, no trailing zeros; empty for a figure that was not measured. */
  public static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.3f", v);
    s = s.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
