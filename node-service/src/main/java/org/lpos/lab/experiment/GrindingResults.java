package org.lpos.lab.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lpos.lab.sim.SeatShare;
import org.lpos.lab.sim.SimulationSummary;

/**
 * The grinding experiment's rows ({@code grinding.csv}): per simulated run, the lottery, the
 * Byzantine members and their stake, K, and the Byzantine share of the seats with its 95%
 * interval and the view changes. Every figure is SIMULATED.
 */
public final class GrindingResults {
  /** The file name in the output directory. */
  public static final String FILE = "grinding.csv";
  /** The header line. */
  public static final String HEADER = "lottery,byzantine,byzantine_stake,grind_tries,seed,nodes,senate,heights,"
      + "byzantine_seats,seats,seat_share,ci95_low,ci95_high,view_changes,view_changes_per_height,ok,source";

  /** One row. */
  public record Row(String lottery, int byzantine, double byzantineStake, int grindTries, long seed, int nodes,
      int senate, int heights, long byzantineSeats, long seats, double seatShare, double ci95Low, double ci95High,
      long viewChanges, boolean ok) {

    /** The row of a run. */
    public static Row of(SimulationSummary s) {
      SeatShare share = s.seatShare();
      return new Row(s.lotteryName(), s.config().byzantine(), share.stakeShare(), s.config().grindTries(),
          s.config().seed(), s.config().nodes(), s.config().senateSeats(), share.heights(), share.byzantineSeats(),
          share.seats(), share.share(), share.share() - share.halfWidth95(), share.share() + share.halfWidth95(),
          share.viewChanges(), s.ok());
    }

    /** View changes per measured height. */
    public double viewChangesPerHeight() {
      return heights == 0 ? Double.NaN : viewChanges / (double) heights;
    }

    String line() {
      return String.format(Locale.ROOT, "%s,%d,%.4f,%d,%d,%d,%d,%d,%d,%d,%.5f,%.5f,%.5f,%d,%.4f,%s,simulated",
          lottery, byzantine, byzantineStake, grindTries, seed, nodes, senate, heights, byzantineSeats, seats,
          seatShare, ci95Low, ci95High, viewChanges, viewChangesPerHeight(), ok);
    }

    static Row parse(String line) {
      String[] f = line.split(",", -1);
      return new Row(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Integer.parseInt(f[3]),
          Long.parseLong(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]),
          Long.parseLong(f[8]), Long.parseLong(f[9]), Double.parseDouble(f[10]), Double.parseDouble(f[11]),
          Double.parseDouble(f[12]), Long.parseLong(f[13]), Boolean.parseBoolean(f[15]));
    }
  }

  private GrindingResults() {}

  /** The rows of {@code file}, none if it does not exist. */
  public static List<Row> read(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    if (!Files.exists(file)) {
      return rows;
    }
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
      if (!line.isBlank()) {
        rows.add(Row.parse(line));
      }
    }
    return rows;
  }

  /** Writes {@code rows} to {@code file} with the header. */
  public static void write(Path file, List<Row> rows) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    rows.forEach(r -> lines.add(r.line()));
    Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
