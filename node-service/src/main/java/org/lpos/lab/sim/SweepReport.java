package org.lpos.lab.sim;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lpos.lab.byzantine.ByzantineMode;

/**
 * What a {@link Sweep} found, per Byzantine mode: runs, runs with safety violations, with double
 * signs by honest nodes, with liveness failures (asserted: the Byzantine members held at most f
 * seats), with liveness not asserted (counted apart, not failures), runs that threw, the wall
 * time, and for every failure the command that replays it alone.
 *
 * @param masterSeed the seed the runs' seeds were drawn from
 * @param outcomes the runs, in plan order
 * @param wallSeconds the sweep's wall time
 * @param threads threads the runs shared
 */
public record SweepReport(long masterSeed, List<Sweep.Outcome> outcomes, double wallSeconds, int threads) {
  /** Copies the list. */
  public SweepReport {
    outcomes = List.copyOf(outcomes);
  }

  /** The totals of one mode. */
  public record Tally(int runs, int safety, int doubleSigns, int liveness, int livenessNotAsserted, int crashed,
      double wallSeconds, List<Failure> failures) {}

  /** A failed run: what failed first, and the command that replays it alone. */
  public record Failure(String problem, String replay) {}

  /** Whether every run held. */
  public boolean ok() {
    return outcomes.stream().allMatch(Sweep.Outcome::ok);
  }

  /** Runs that failed. */
  public long failures() {
    return outcomes.stream().filter(o -> !o.ok()).count();
  }

  /** The totals per mode, in the order of the modes. */
  public Map<ByzantineMode, Tally> tallies() {
    Map<ByzantineMode, List<Sweep.Outcome>> byMode = new EnumMap<>(ByzantineMode.class);
    for (Sweep.Outcome o : outcomes) {
      byMode.computeIfAbsent(o.config().byzantineMode(), m -> new ArrayList<>()).add(o);
    }
    Map<ByzantineMode, Tally> tallies = new EnumMap<>(ByzantineMode.class);
    byMode.forEach((mode, runs) -> tallies.put(mode, tally(runs)));
    return tallies;
  }

  /** The human-readable summary: one line per mode, then each failure with its replay command. */
  public List<String> describe() {
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "sweep of %d runs (master seed %d) on %d threads: %s, %d failed, wall %.1f s",
        outcomes.size(), masterSeed, threads, ok() ? "OK" : "FAILED", failures(), wallSeconds));
    tallies().forEach((mode, t) -> {
      lines.add(String.format(Locale.ROOT,
          "%-11s %d runs: %d safety violations, %d honest double signs, %d liveness failures (%d not asserted)%s,"
              + " wall %.1f s", mode.cliName() + ":", t.runs(), t.safety(), t.doubleSigns(), t.liveness(),
          t.livenessNotAsserted(), t.crashed() > 0 ? ", " + t.crashed() + " runs threw" : "", t.wallSeconds()));
      t.failures().forEach(f -> {
        lines.add("  " + f.problem());
        lines.add("    replay: " + f.replay());
      });
    });
    return lines;
  }

  /** The JSON object of {@code --sweep --json}. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ok", ok());
    m.put("master_seed", masterSeed);
    m.put("runs", outcomes.size());
    m.put("failures", failures());
    m.put("threads", threads);
    m.put("wall_seconds", wallSeconds);
    Map<String, Object> modes = new LinkedHashMap<>();
    tallies().forEach((mode, t) -> {
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("runs", t.runs());
      j.put("safety_violations", t.safety());
      j.put("double_signs_by_honest", t.doubleSigns());
      j.put("liveness_failures", t.liveness());
      j.put("liveness_not_asserted", t.livenessNotAsserted());
      j.put("threw", t.crashed());
      j.put("wall_seconds", t.wallSeconds());
      j.put("failures", t.failures().stream().map(f -> Map.of("problem", f.problem(), "replay", f.replay())).toList());
      modes.put(mode.cliName(), j);
    });
    m.put("modes", modes);
    return m;
  }

  private static Tally tally(List<Sweep.Outcome> runs) {
    int safety = 0;
    int doubleSigns = 0;
    int liveness = 0;
    int unasserted = 0;
    int crashed = 0;
    double wall = 0;
    List<Failure> failures = new ArrayList<>();
    for (Sweep.Outcome o : runs) {
      wall += o.wallSeconds();
      if (o.summary().isEmpty()) {
        crashed++;
        failures.add(new Failure("threw " + o.error(), o.config().replayCommand()));
        continue;
      }
      SimulationSummary s = o.summary().get();
      boolean unsafe = s.safetyViolations() > s.doubleSignsByHonest();
      safety += unsafe ? 1 : 0;
      doubleSigns += s.doubleSignsByHonest() > 0 ? 1 : 0;
      liveness += s.livenessOk() ? 0 : 1;
      unasserted += s.livenessOk() && !s.livenessProblem().isEmpty() ? 1 : 0;
      if (!s.ok()) {
        String why = !s.violations().isEmpty() ? s.violations().get(0) : s.livenessProblem();
        failures.add(new Failure(why, o.config().replayCommand()));
      }
    }
    return new Tally(runs.size(), safety, doubleSigns, liveness, unasserted, crashed, wall, List.copyOf(failures));
  }
}
