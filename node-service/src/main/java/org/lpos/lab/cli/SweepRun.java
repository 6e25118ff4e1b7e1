package org.lpos.lab.cli;

import org.lpos.node.cli.ExitCodes;
import org.lpos.node.cli.UserInputException;
import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.lab.byzantine.ByzantineMode;
import org.lpos.lab.sim.SimulationConfig;
import org.lpos.lab.sim.Sweep;
import org.lpos.lab.sim.SweepReport;
import org.lpos.proto.v1.Experiment;
import picocli.CommandLine.ParseResult;

/**
 * {@code lpos simulate --sweep N}: N random seeds per Byzantine mode, drawn from a master seed
 * printed first, on a few threads; a progress line now and then, a summary per mode with the
 * replay command of every failure, and with {@code --json} one JSON object last. Options not given
 * take the setting (40 nodes, 10 seats, 3 Byzantine, drop 0.05, 60 heights).
 */
final class SweepRun {
  private static final long PROGRESS_EVERY_MS = 10_000;
  /** The amnesia pattern needs a long fault window: restarted nodes wait out a round stall. */
  private static final long AMNESIA_FAULTS_UNTIL_MS = 30_000;

  private final SimulateCommand options;
  private final ParseResult given;

  SweepRun(SimulateCommand options) {
    this.options = options;
    this.given = options.spec.commandLine().getParseResult();
  }

  Integer call() throws InterruptedException {
    PrintWriter out = options.spec.commandLine().getOut();
    if (options.sweep < 1) {
      throw new UserInputException("--sweep needs at least one run per mode");
    }
    long master = options.masterSeed != null ? options.masterSeed : System.currentTimeMillis();
    out.println("master seed " + master);
    List<ByzantineMode> modes = modes();
    List<SimulationConfig> configs;
    try {
      configs = Sweep.plan(master, modes, options.sweep, this::config);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    int threads = options.threads != null ? Math.max(1, options.threads)
        : Math.min(2, Runtime.getRuntime().availableProcessors());
    out.printf(Locale.ROOT, "%d runs (%d per mode: %s) on %d threads%n", configs.size(), options.sweep,
        String.join(", ", modes.stream().map(ByzantineMode::cliName).toList()), threads);
    out.flush();
    long started = System.nanoTime();
    long[] lastLine = {started};
    int[] done = {0};
    int[] failed = {0};
    List<Sweep.Outcome> outcomes = Sweep.run(configs, threads, o -> {
      done[0]++;
      failed[0] += o.ok() ? 0 : 1;
      long now = System.nanoTime();
      if (now - lastLine[0] >= PROGRESS_EVERY_MS * 1_000_000 || done[0] == configs.size()) {
        lastLine[0] = now;
        out.printf(Locale.ROOT, "sweep: %d/%d runs, %d failed, %.0f s%n", done[0], configs.size(), failed[0],
            (now - started) / 1e9);
        out.flush();
      }
    });
    SweepReport report = new SweepReport(master, outcomes, (System.nanoTime() - started) / 1e9, threads);
    report.describe().forEach(out::println);
    if (options.json) {
      out.println(new GsonBuilder().serializeNulls().create().toJson(report.toJson()));
    }
    out.flush();
    return report.ok() ? 0 : ExitCodes.CHECK_FAILED;
  }

  private List<ByzantineMode> modes() {
    if (options.modes == null || options.modes.isEmpty()) {
      return List.of(ByzantineMode.values());
    }
    List<ByzantineMode> modes = new ArrayList<>();
    try {
      for (String name : options.modes) {
        ByzantineMode m = ByzantineMode.parse(name.strip());
        if (!modes.contains(m)) {
          modes.add(m);
        }
      }
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
    return modes;
  }

  private SimulationConfig config(ByzantineMode mode, long seed) {
    Experiment workload = ExperimentSpec.experiment(options.experiment);
    long faultsUntil = given.hasMatchedOption("--faults-until-ms") || mode != ByzantineMode.AMNESIA
        ? options.faultsUntilMs : AMNESIA_FAULTS_UNTIL_MS;
    return new SimulationConfig(single("--nodes", options.nodes, 40), single("--senate", options.senate, 10),
        single("--byzantine", options.byzantine, 3), mode, given.hasMatchedOption("--heights") ? options.heights : 60,
        seed, given.hasMatchedOption("--drop") ? options.drop : 0.05, options.duplicate, options.partitionsOf(seed),
        options.crashesOf(seed), workload, single("--param", options.param, 1.0), options.fanOut, options.links(),
        faultsUntil, options.livenessBoundMs, ConsensusConfig.defaults()).withSeatDraw(options.seatDraw())
        .withLottery(options.lottery()).withGrindTries(single("--grind-tries", options.grindTries(), 16));
  }

  private <T> T single(String option, List<T> values, T sweepDefault) {
    if (!given.hasMatchedOption(option)) {
      return sweepDefault;
    }
    if (values.size() != 1) {
      throw new IllegalArgumentException(option + " takes one value in a sweep");
    }
    return values.get(0);
  }
}
