package org.lpos.lab.sim;

import com.google.protobuf.ByteString;
import java.util.BitSet;
import java.util.SplittableRandom;
import org.lpos.proto.v1.PeerMessage;

/**
 * The simulated links between nodes: every message gets its own latency ({@link SimulatedLinks}:
 * by default a base plus exponential jitter, which also reorders messages), and before the faults end it may be dropped, duplicated
 * or cut by a partition. A node may also be isolated from everyone until it is healed (the
 * amnesia adversary's cut). Messages are counted when sent, whatever happens to them.
 */
final class SimulatedNetwork {
  private final SimulationConfig config;
  private final FaultPlan faults;
  private final SplittableRandom random;
  private final EventQueue queue;
  private final TrafficStats traffic = new TrafficStats();
  private final BitSet isolated = new BitSet();
  private final SimulatedLinks.LinkClock links;

  SimulatedNetwork(SimulationConfig config, FaultPlan faults, SplittableRandom random, EventQueue queue) {
    this.config = config;
    this.faults = faults;
    this.random = random;
    this.queue = queue;
    this.links = config.links().clock();
  }

  /** Sends {@code m} from node {@code from}, as the peer {@code fromKey}, to node {@code to} at {@code nowMs}. */
  void send(int from, ByteString fromKey, int to, PeerMessage m, long nowMs) {
    if (from == to) {
      return;
    }
    traffic.count(m);
    if (isolated.get(from) || isolated.get(to) || faults.cuts(from, to, nowMs)) {
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
      queue.schedule(links.deliveryMs(from, to, m.getSerializedSize(), nowMs, random),
          new SimEvent.Deliver(to, from, fromKey, m));
    }
  }

  /** Cuts node {@code node} from everyone, both ways, until {@link #heal}. */
  void isolate(int node) {
    isolated.set(node);
  }

  /** Ends the isolation of {@code node}. */
  void heal(int node) {
    isolated.clear(node);
  }

  /** Whether {@code node} is cut from everyone. */
  boolean isIsolated(int node) {
    return isolated.get(node);
  }

  TrafficStats traffic() {
    return traffic;
  }
}
