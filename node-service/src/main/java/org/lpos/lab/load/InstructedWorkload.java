package org.lpos.lab.load;

import java.util.Optional;
import java.util.logging.Logger;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.chain.workload.WorkloadPlan;
import org.lpos.node.server.InstructedLoad;
import org.lpos.node.server.LatencyLog;

/**
 * Runs the experiment discovery announces with a {@link Workload}: the lab's side of the node's
 * {@link InstructedLoad} port. An instruction this node cannot run (the network is adversarial)
 * is logged once and ignored. Payees are the live nodes discovery lists when the instruction
 * comes (the original's sorted keys of its peers), never a stakeholder that runs no node: stake
 * paid to such a key draws seats nobody fills, and a senate with more than f of them stops the
 * chain. The seed is this node's key, so a rerun sends the same load.
 */
public final class InstructedWorkload implements InstructedLoad {
  private static final Logger LOG = Logger.getLogger("lpos");

  @Override
  public Optional<AutoCloseable> start(Request request) {
    ExperimentSpec spec;
    try {
      spec = new ExperimentSpec(request.instruction().getExperiment(), request.instruction().getParam());
    } catch (IllegalArgumentException e) {
      LOG.warning(() -> "ignoring discovery's instruction: " + e.getMessage());
      return Optional.empty();
    }
    WorkloadPlan plan = new WorkloadPlan(spec, request.key().publicKey(), request.payees(),
        request.key().publicKey().substring(0, 8).asReadOnlyByteBuffer().getLong());
    if (!plan.canSend()) {
      LOG.warning("discovery listed no live peer to pay: this node sends nothing");
    }
    LatencyLog log = new LatencyLog(request.nodeDir());
    Workload w = new Workload(request.node().driver(), request.node()::owners, request.key(), request.chainId(),
        plan, log);
    request.node().onCommit(w::committed);
    request.node().onCommit(b -> log.flush());
    int delaySeconds = request.instruction().getDelaySeconds();
    w.start(delaySeconds * 1_000L);
    LOG.info(() -> "experiment " + spec + (spec.onlySenatorsSend() ? " (senators send)" : "") + " starts in "
        + delaySeconds + " s");
    return Optional.of(w);
  }
}
