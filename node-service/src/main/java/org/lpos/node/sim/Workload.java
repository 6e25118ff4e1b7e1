package org.lpos.node.sim;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The experiment's transactions in simulated time: each stakeholder submits one transaction every
 * {@link #intervalMs()} to its own node, paying its fixed neighbour ({@code tx-rate}), a random
 * node ({@code tx-rate-random}) or its K following neighbours ({@code tx-n-outputs}).
 */
final class Workload {
  private final SimulationConfig config;
  private final List<ByteString> keys;
  private final SplittableRandom random;

  Workload(SimulationConfig config, List<ByteString> keys, SplittableRandom random) {
    this.config = config;
    this.keys = List.copyOf(keys);
    this.random = random;
  }

  /** Whether the experiment sends transactions at all. */
  boolean active() {
    return config.experiment() != Experiment.BOOTSTRAP_ONLY;
  }

  /** Whether node {@code index} sends transactions. */
  boolean sends(int index) {
    return active() && index < config.stakeholders() && keys.size() > 1;
  }

  /** Time between two transactions of one sender. */
  long intervalMs() {
    if (config.experiment() == Experiment.TX_N_OUTPUTS) {
      return 1_000;
    }
    return Math.max(1, Math.round(1_000 / config.param()));
  }

  /** Whom sender {@code index}'s next transaction pays. */
  List<ByteString> recipients(int index) {
    int n = keys.size();
    return switch (config.experiment()) {
      case TX_RATE -> List.of(keys.get((index + 1) % n));
      case TX_RATE_RANDOM -> {
        int to = random.nextInt(n - 1);
        yield List.of(keys.get(to >= index ? to + 1 : to));
      }
      case TX_N_OUTPUTS -> {
        List<ByteString> out = new ArrayList<>();
        for (int k = 1; k <= (int) config.param(); k++) {
          out.add(keys.get((index + k) % n));
        }
        yield out;
      }
      case BOOTSTRAP_ONLY -> List.of();
    };
  }
}
