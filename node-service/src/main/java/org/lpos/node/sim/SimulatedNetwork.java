package org.lpos.node.sim;

import java.util.SplittableRandom;
import org.lpos.proto.v1.PeerMessage;

/**
 * The simulated links between nodes: every message gets its own latency (a base plus exponential
 * jitter, which also reorders messages), and before the faults end it may be dropped, duplicated
 * or cut by a partition. Messages are counted when sent, whatever happens to them.
 */
final class SimulatedNetwork {
  private final SimulationConfig config;
  private final FaultPlan faults;
  private final SplittableRandom random;
  private final EventQueue queue;
  private final TrafficStats traffic = new TrafficStats();

  SimulatedNetwork(SimulationConfig config, FaultPlan faults, SplittableRandom random, EventQueue queue) {
    this.config = config;
    this.faults = faults;
    this.random = random;
    this.queue = queue;
  }

  /** Sends {@code m} from node {@code from} to node {@code to} at {@code nowMs}. */
  void send(int from, int to, PeerMessage m, long nowMs) {
    if (from == to) {
      return;
    }
    traffic.count(m);
    if (faults.cuts(from, to, nowMs)) {
      return;
    }
    int copies = 1;
    if (nowMs < config.faultsEndMs()) {
      if (config.drop() > 0 && random.nextDouble() < config.drop()) {
        return;
      }
      if (config.duplicate() > 0 && random.nextDouble() < config.duplicate()) {
        copies = 2;
      }
    }
    for (int i = 0; i < copies; i++) {
      queue.schedule(nowMs + latencyMs(), new SimEvent.Deliver(to, from, m));
    }
  }

  TrafficStats traffic() {
    return traffic;
  }

  private long latencyMs() {
    double jitter = config.latencyJitterMs() == 0 ? 0 : -config.latencyJitterMs() * Math.log(1 - random.nextDouble());
    return config.latencyBaseMs() + Math.round(jitter);
  }
}
