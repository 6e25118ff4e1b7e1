package org.lpos.lab.sim;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.chain.workload.WorkloadPlan;
import org.lpos.proto.v1.Block;

/**
 * The experiment's transactions in simulated time, from the one workload definition the real
 * node uses: {@link ExperimentSpec} says when each stakeholder sends (its k-th transaction at
 * {@link ExperimentSpec#dueAtMs}, after a random phase so nodes do not send in lockstep) and
 * whether only senators send; each node's {@link WorkloadPlan} says whom it pays and how much.
 */
final class Workload {
  private final ExperimentSpec spec;
  private final List<WorkloadPlan> plans = new ArrayList<>();
  private final long[] phaseMs;
  private final long[] sent;

  /**
   * The workload of {@code config} for the nodes with {@code keys} (in node order) on the chain
   * starting at {@code genesis}; each plan's seed is drawn from {@code random}.
   */
  Workload(SimulationConfig config, List<ByteString> keys, Block genesis, SplittableRandom random) {
    this.spec = config.workload();
    List<ByteString> stakeholders = WorkloadPlan.stakeholders(genesis);
    for (int i = 0; i < keys.size(); i++) {
      boolean sender = i < config.stakeholders() && stakeholders.contains(keys.get(i));
      WorkloadPlan plan = new WorkloadPlan(spec, keys.get(i), keys, random.nextLong());
      plans.add(sender && plan.canSend() ? plan : null);
    }
    this.phaseMs = new long[keys.size()];
    this.sent = new long[keys.size()];
  }

  /** Whether any node sends transactions. */
  boolean active() {
    return plans.stream().anyMatch(p -> p != null);
  }

  /** Whether node {@code index} sends transactions (when it holds a seat, where only senators send). */
  boolean sends(int index) {
    return plans.get(index) != null;
  }

  /** Whether a node without a seat in the height being decided holds its transactions back. */
  boolean onlySenatorsSend() {
    return spec.onlySenatorsSend();
  }

  /** When node {@code index} first sends: a phase drawn in (0, interval]. */
  long firstAtMs(int index, SplittableRandom random) {
    phaseMs[index] = random.nextLong(Math.max(1, (long) spec.intervalMs())) + 1;
    return phaseMs[index];
  }

  /** When node {@code index} sends next, counting the transaction due now as sent or skipped. */
  long nextAtMs(int index) {
    return spec.dueAtMs(phaseMs[index], ++sent[index]);
  }

  /** The outputs of node {@code index}'s next transaction. */
  List<WorkloadPlan.Payment> payments(int index) {
    return plans.get(index).nextPayments();
  }
}
