package org.lpos.discovery;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The experiments a discovery server can instruct nodes to run (PROTOCOL.md §9), each with the
 * meaning of its parameter so that a nonsensical parameter is refused before any node starts.
 */
public enum Experiment {
  /** Nodes only build the mesh and run rounds; the parameter is ignored. */
  BOOTSTRAP_ONLY("bootstrap-only"),
  /** Each node sends R transactions per second to a fixed neighbour. */
  TX_RATE("tx-rate"),
  /** Each node sends R transactions per second to random nodes. */
  TX_RATE_RANDOM("tx-rate-random"),
  /** Each node sends transactions paying K neighbours. */
  TX_N_OUTPUTS("tx-n-outputs");

  private final String wireName;

  Experiment(String wireName) {
    this.wireName = wireName;
  }

  /** The name used on the command line and in {@code Instruction.experiment}. */
  public String wireName() {
    return wireName;
  }

  /** Parses a wire name, or throws with the list of known experiments. */
  public static Experiment parse(String name) {
    for (Experiment experiment : values()) {
      if (experiment.wireName.equals(name)) {
        return experiment;
      }
    }
    throw new IllegalArgumentException("--inst: unknown experiment '" + name + "'; expected one of "
        + Arrays.stream(values()).map(Experiment::wireName).collect(Collectors.joining(", ")));
  }

  /** Throws when {@code param} makes no sense for this experiment. */
  public void checkParam(double param) {
    if (!Double.isFinite(param) || param < 0) {
      throw new IllegalArgumentException(
          "--inst: PARAM must be a finite number >= 0, got " + param);
    }
    switch (this) {
      case BOOTSTRAP_ONLY -> { }
      case TX_RATE, TX_RATE_RANDOM -> {
        if (param <= 0) {
          throw new IllegalArgumentException(
              "--inst: " + wireName + " needs a rate R > 0 transactions per second, got " + param);
        }
      }
      case TX_N_OUTPUTS -> {
        if (param < 1 || param != Math.rint(param)) {
          throw new IllegalArgumentException(
              "--inst: tx-n-outputs needs a whole number of outputs K >= 1, got " + param);
        }
      }
    }
  }
}
