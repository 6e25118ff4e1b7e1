package org.lpos.node.cli;

import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.node.sim.ByzantineMode;
import org.lpos.node.sim.Experiment;
import org.lpos.node.sim.Simulation;
import org.lpos.node.sim.SimulationConfig;
import org.lpos.node.sim.SimulationSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lpos simulate}: runs the deterministic simulator (unmodified consensus cores on a
 * simulated network and clock, with faults and Byzantine members from one seed) and reports what
 * the safety and liveness checkers found. Exit code 0 only when every checker held.
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Simulate a whole network deterministically from a seed and check safety and liveness.")
final class SimulateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--nodes", paramLabel = "N", description = "Simulated nodes (default: ${DEFAULT-VALUE}).")
  int nodes = 10;

  @Option(names = "--senate", paramLabel = "SEATS", description = "Senate seats per height (default: ${DEFAULT-VALUE}).")
  int senate = 4;

  @Option(names = "--byzantine", paramLabel = "T", description = "The first T members are Byzantine (default: 0).")
  int byzantine;

  @Option(names = "--byzantine-mode", paramLabel = "MODE",
      description = "equivocate | silent | invalid | spam (default: ${DEFAULT-VALUE}).")
  String byzantineMode = "equivocate";

  @Option(names = "--heights", paramLabel = "H", description = "Heights every honest node must commit (default: ${DEFAULT-VALUE}).")
  int heights = 20;

  @Option(names = "--seed", paramLabel = "SEED", description = "Seed of the run (default: ${DEFAULT-VALUE}).")
  long seed = 42;

  @Option(names = "--drop", paramLabel = "P", description = "Probability a message is lost while faults last.")
  double drop;

  @Option(names = "--duplicate", paramLabel = "P", description = "Probability a message arrives twice while faults last.")
  double duplicate;

  @Option(names = "--partition", paramLabel = "K",
      description = "Random partitions (symmetric or one-way) that start and heal while faults last.")
  int partitions;

  @Option(names = "--crash", paramLabel = "K", description = "Crash-and-restart episodes of honest nodes while faults last.")
  int crashes;

  @Option(names = "--experiment", paramLabel = "NAME",
      description = "bootstrap-only | tx-rate | tx-rate-random | tx-n-outputs (default: ${DEFAULT-VALUE}).")
  String experiment = "tx-rate";

  @Option(names = "--param", paramLabel = "X", description = "The experiment's rate R or outputs K (default: ${DEFAULT-VALUE}).")
  double param = 1;

  @Option(names = "--fan-out", paramLabel = "K", description = "Gossip peers each node samples (default: ${DEFAULT-VALUE}).")
  int fanOut = 8;

  @Option(names = "--faults-until-ms", paramLabel = "MS",
      description = "Simulated time at which faults stop (default: ${DEFAULT-VALUE}).")
  long faultsUntilMs = 10_000;

  @Option(names = "--liveness-bound-ms", paramLabel = "MS",
      description = "After the faults, an honest node must commit within this time (default: ${DEFAULT-VALUE}).")
  long livenessBoundMs = 60_000;

  @Option(names = "--progress-every", paramLabel = "H", description = "A progress line every H heights (default: ${DEFAULT-VALUE}).")
  int progressEvery = 10;

  @Option(names = "--json", description = "End with one JSON object on the last line of stdout.")
  boolean json;

  @Option(names = "--verbose", description = "Narrate one height: senate, tickets, proposals, votes, commit.")
  boolean verbose;

  @Option(names = "--narrate-height", paramLabel = "H", description = "The height --verbose narrates (default: ${DEFAULT-VALUE}).")
  long narrateHeight = 2;

  @Override
  public Integer call() {
    SimulationConfig config = config();
    PrintWriter out = spec.commandLine().getOut();
    out.println("seed " + config.seed());
    out.println("replay: " + config.replayCommand());
    long started = System.nanoTime();
    Simulation simulation = new Simulation(config, out::println, progressEvery, verbose ? narrateHeight : 0);
    SimulationSummary summary = simulation.run();
    double wallSeconds = Math.round((System.nanoTime() - started) / 1e6) / 1000.0;
    summary.describe().forEach(out::println);
    out.println(String.format(Locale.ROOT, "wall %.3f s", wallSeconds));
    if (!summary.ok()) {
      out.println("replay: " + config.replayCommand());
    }
    if (json) {
      out.println(new GsonBuilder().serializeNulls().create().toJson(summary.toJson(wallSeconds)));
    }
    out.flush();
    return summary.ok() ? 0 : LposCli.CHECK_FAILED;
  }

  private SimulationConfig config() {
    try {
      return new SimulationConfig(nodes, senate, byzantine, ByzantineMode.parse(byzantineMode), heights, seed, drop,
          duplicate, partitions, crashes, Experiment.parse(experiment), param, fanOut, 10, 20, faultsUntilMs,
          livenessBoundMs, ConsensusConfig.defaults());
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage());
    }
  }
}
