package org.lpos.chain.workload;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.lpos.proto.v1.Experiment;

/**
 * A workload and its parameter, checked: the one place that says what each {@link Experiment}
 * is called on a command line, what its parameter means, its default, how often a node sends and
 * which nodes send. The node, the simulator, discovery ({@code --inst}) and the local cluster all
 * parse and validate through it; {@link WorkloadPlan} then says who pays whom and how much.
 *
 * <p>The original's four experiments are sent by senators only (a node without a seat in the
 * height being decided sends nothing, as the original's status check blocks it); the two
 * {@code load-*} benchmarks are sent by every node.
 *
 * @param experiment the workload
 * @param param its parameter: a rate R (transactions per second per node), K outputs, W
 *     transactions outstanding, or 0 where the experiment has none
 */
public record ExperimentSpec(Experiment experiment, double param) {
  /** The original's {@code tx-n-outputs}: one transaction every 4.5 s. */
  public static final double N_OUTPUTS_INTERVAL_MS = 4_500;
  /** The original's {@code bootstrap-only}: one transaction per second. */
  public static final double BOOTSTRAP_INTERVAL_MS = 1_000;
  /** A rate above this per node is refused: no node here signs faster, and a typo of 1e9 is bounded. */
  public static final double MAX_RATE = 100_000;
  /** The most payees of one {@code tx-n-outputs} transaction (and the most outstanding of {@code load-closed}). */
  public static final int MAX_COUNT = 1_000;
  /** {@code load-closed}'s window when no parameter is given. */
  public static final int DEFAULT_WINDOW = 16;

  private static final String PREFIX = "EXPERIMENT_";

  /** Refuses a parameter that makes no sense for the experiment, with a one-line reason. */
  public ExperimentSpec {
    if (experiment == null || experiment == Experiment.EXPERIMENT_UNSPECIFIED || experiment == Experiment.UNRECOGNIZED) {
      throw new IllegalArgumentException("no experiment given; expected one of " + String.join(", ", names()));
    }
    if (!Double.isFinite(param) || param < 0) {
      throw new IllegalArgumentException(cliName(experiment) + ": the parameter must be a finite number >= 0, got "
          + param);
    }
    switch (experiment) {
      case EXPERIMENT_BOOTSTRAP_ONLY -> { }
      case EXPERIMENT_TX_RATE, EXPERIMENT_TX_RATE_RANDOM, EXPERIMENT_LOAD_RATE -> {
        if (param <= 0 || param > MAX_RATE) {
          throw new IllegalArgumentException(cliName(experiment) + " needs a rate R of transactions per second per"
              + " node, 0 < R <= " + (long) MAX_RATE + ", got " + paramText(param));
        }
      }
      case EXPERIMENT_TX_N_OUTPUTS, EXPERIMENT_LOAD_CLOSED -> {
        if (param < 1 || param > MAX_COUNT || param != Math.rint(param)) {
          throw new IllegalArgumentException(cliName(experiment) + " needs a whole number "
              + (experiment == Experiment.EXPERIMENT_TX_N_OUTPUTS ? "of outputs K" : "of outstanding transactions W")
              + " from 1 to " + MAX_COUNT + ", got " + paramText(param));
        }
      }
      default -> throw new IllegalArgumentException("unknown experiment " + experiment);
    }
  }

  /**
   * Parses a command line's {@code EXPERIMENT [PARAM]}; without a parameter the experiment's
   * default applies, and an experiment that needs one is refused.
   */
  public static ExperimentSpec parse(String name, Optional<String> param) {
    Experiment experiment = experiment(name);
    if (param.isEmpty()) {
      return new ExperimentSpec(experiment, defaultParam(experiment).orElseThrow(() -> new IllegalArgumentException(
          name + " needs a parameter: " + meaning(experiment))));
    }
    double value;
    try {
      value = Double.parseDouble(param.get());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + ": the parameter must be a number, got '" + param.get() + "'");
    }
    return new ExperimentSpec(experiment, value);
  }

  /** The experiment a command line names, e.g. {@code tx-n-outputs}. */
  public static Experiment experiment(String name) {
    for (Experiment e : Experiment.values()) {
      if (e != Experiment.UNRECOGNIZED && e != Experiment.EXPERIMENT_UNSPECIFIED && cliName(e).equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException("unknown experiment '" + name + "'; expected one of " + String.join(", ", names()));
  }

  /** Every experiment's command-line name, in the proto's order. */
  public static List<String> names() {
    return Arrays.stream(Experiment.values())
        .filter(e -> e != Experiment.UNRECOGNIZED && e != Experiment.EXPERIMENT_UNSPECIFIED)
        .map(ExperimentSpec::cliName).toList();
  }

  /** The name on a command line: {@code EXPERIMENT_TX_N_OUTPUTS} is {@code tx-n-outputs}. */
  public static String cliName(Experiment experiment) {
    return experiment.name().substring(PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The parameter used when none is given: none for the ones whose parameter is what is measured. */
  public static Optional<Double> defaultParam(Experiment experiment) {
    return switch (experiment) {
      case EXPERIMENT_BOOTSTRAP_ONLY -> Optional.of(0.0);
      case EXPERIMENT_LOAD_CLOSED -> Optional.of((double) DEFAULT_WINDOW);
      default -> Optional.empty();
    };
  }

  /** What the parameter of {@code experiment} is, for help texts and errors. */
  public static String meaning(Experiment experiment) {
    return switch (experiment) {
      case EXPERIMENT_BOOTSTRAP_ONLY -> "none (one transaction per second per senator)";
      case EXPERIMENT_TX_RATE -> "R transactions per second per senator, to the next key";
      case EXPERIMENT_TX_RATE_RANDOM -> "R transactions per second per senator, to one random key chosen once";
      case EXPERIMENT_TX_N_OUTPUTS -> "K outputs: one transaction every 4.5 s per senator, paying the next K keys";
      case EXPERIMENT_LOAD_RATE -> "R transactions per second per node, open loop (a benchmark)";
      case EXPERIMENT_LOAD_CLOSED -> "at most W transactions uncommitted per node, fewer while commits queue"
          + " (a closed-loop benchmark)";
      default -> "unknown";
    };
  }

  /** Whether this is one of the original prototype's experiments (the {@code load-*} ones are not). */
  public boolean original() {
    return switch (experiment) {
      case EXPERIMENT_LOAD_RATE, EXPERIMENT_LOAD_CLOSED -> false;
      default -> true;
    };
  }

  /** Whether only a node holding a seat in the height being decided sends (the original's rule). */
  public boolean onlySenatorsSend() {
    return original();
  }

  /** Whether transactions go out on a clock (open loop); {@code load-closed} sends as commits free its window. */
  public boolean scheduled() {
    return experiment != Experiment.EXPERIMENT_LOAD_CLOSED;
  }

  /** Time between two transactions of one sending node, in ms; {@code NaN} for the closed loop. */
  public double intervalMs() {
    return switch (experiment) {
      case EXPERIMENT_BOOTSTRAP_ONLY -> BOOTSTRAP_INTERVAL_MS;
      case EXPERIMENT_TX_N_OUTPUTS -> N_OUTPUTS_INTERVAL_MS;
      case EXPERIMENT_LOAD_CLOSED -> Double.NaN;
      default -> 1_000 / param;
    };
  }

  /** Transactions per second one sending node offers; {@code NaN} for the closed loop (it offers what commits). */
  public double txPerSecondPerSender() {
    return 1_000 / intervalMs();
  }

  /**
   * When a sending node's {@code k}-th transaction (from 0) is due, counted from {@code startMs}:
   * the k-th multiple of the interval, so a long run keeps the exact rate (no rounding drifts).
   */
  public long dueAtMs(long startMs, long k) {
    return startMs + (long) Math.floor(k * intervalMs());
  }

  /** How many transactions are due by {@code nowMs} from {@code startMs} (the k-th is due at {@link #dueAtMs}). */
  public long dueBy(long startMs, long nowMs) {
    if (nowMs < startMs) {
      return 0;
    }
    long k = (long) Math.floor((nowMs - startMs) / intervalMs()) + 1;
    while (k > 0 && dueAtMs(startMs, k - 1) > nowMs) {
      k--;
    }
    while (dueAtMs(startMs, k) <= nowMs) {
      k++;
    }
    return k;
  }

  /**
   * Nodes that send among {@code nodes} running ones with {@code seats} senate seats: all of them,
   * or where only senators send, at most one per seat (seats drawn by stake may repeat a member,
   * so this is an upper bound).
   */
  public int senders(int nodes, int seats) {
    return onlySenatorsSend() ? Math.min(nodes, seats) : nodes;
  }

  /**
   * Transactions per second the senders among {@code nodes} offer together (results.csv's
   * offered load), the same figure for a simulated and a measured run; {@code NaN} for the closed loop.
   */
  public double offeredTxPerS(int nodes, int seats) {
    return scheduled() ? txPerSecondPerSender() * senders(nodes, seats) : Double.NaN;
  }

  /** The spec as a command line writes it, e.g. {@code tx-n-outputs 20} or {@code bootstrap-only}. */
  @Override
  public String toString() {
    return experiment == Experiment.EXPERIMENT_BOOTSTRAP_ONLY ? cliName(experiment)
        : cliName(experiment) + " " + paramText(param);
  }

  /** The command-line name of this spec's experiment. */
  public String name() {
    return cliName(experiment);
  }

  /** A parameter as a command line writes it: {@code 20}, not {@code 20.0}; {@code 0.5} as is. */
  public static String paramText(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
