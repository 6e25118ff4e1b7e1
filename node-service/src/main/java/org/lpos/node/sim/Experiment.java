package org.lpos.node.sim;

import java.util.Locale;

/** The original's experiments (PROTOCOL §9): the transaction workload of a simulation. */
public enum Experiment {
  /** No transactions: the senate has no work, so no height is decided. */
  BOOTSTRAP_ONLY,
  /** Each stakeholder sends {@code param} transactions per second to a fixed neighbour. */
  TX_RATE,
  /** Each stakeholder sends {@code param} transactions per second to random nodes. */
  TX_RATE_RANDOM,
  /** Each stakeholder sends one transaction per second paying {@code param} neighbours. */
  TX_N_OUTPUTS;

  /** The name on the command line. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The experiment named {@code name} on the command line. */
  public static Experiment parse(String name) {
    for (Experiment e : values()) {
      if (e.cliName().equals(name)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown experiment '" + name + "' (bootstrap-only, tx-rate, tx-rate-random, tx-n-outputs)");
  }
}
