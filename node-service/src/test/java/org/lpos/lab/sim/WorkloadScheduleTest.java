package org.lpos.lab.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lpos.chain.model.Member;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.node.consensus.ConsensusConfig;
import org.lpos.proto.v1.Experiment;
import org.lpos.lab.byzantine.ByzantineMode;

/** The simulator sends on the schedule of the one workload definition the real node follows. */
class WorkloadScheduleTest {
  private static final long SEED = 42;

  @Test
  void txNOutputs20SendsOneTransactionEvery4500MsPayingTwentyKeys() {
    SimulationConfig config = new SimulationConfig(4, 4, 0, ByzantineMode.EQUIVOCATE, 3, SEED, 0, 0, 0, 0,
        Experiment.EXPERIMENT_TX_N_OUTPUTS, 20, 4, SimulatedLinks.DEFAULT, 3_000, 60_000, ConsensusConfig.defaults());
    SimulationGenesis chain = SimulationGenesis.of(config);
    List<ByteString> keys = chain.members().stream().map(Member::keys).map(k -> k.publicKey()).toList();
    SplittableRandom random = new SplittableRandom(SEED);
    Workload workload = new Workload(config, keys, chain.genesis(), random);

    long first = workload.firstAtMs(0, random);
    long at = first;
    int sent = 0;
    while (at < first + 450_000) {
      sent++;
      at = workload.nextAtMs(0);
    }
    assertEquals(100, sent, "450 s at one transaction per 4.5 s");
    assertEquals(sent / 450.0, config.workload().txPerSecondPerSender(), 1e-12);
    assertEquals(20, workload.payments(0).size());
    assertEquals(ExperimentSpec.parse("tx-n-outputs", java.util.Optional.of("20")), config.workload());
  }
}
