package org.lpos.lab.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.lpos.node.server.LatencyLog;
import org.lpos.node.server.LoopbackNodes;
import org.lpos.node.server.LposNode;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.chain.workload.WorkloadPlan;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Experiment;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxOutput;

/** The workload runner on a real one-seat node (it holds the only seat, so it is a senator). */
class WorkloadIT {
  private static final String CHAIN_ID = "lpos-workload";

  /**
   * A node holding one large output and many 1-unit ones (what a neighbour's payments leave it)
   * must still split the large one: the 1-unit outputs cannot pay anything.
   */
  @Test
  void oneUnitOutputsDoNotStopTheNodeFromSplittingItsOutputs() throws Exception {
    List<Member> members = TestMembers.derive(21, 2);
    Member self = members.get(0);
    ByteString neighbour = members.get(1).keys().publicKey();
    List<GenesisBuilder.Allocation> allocations = new ArrayList<>();
    allocations.add(new GenesisBuilder.Allocation(self.keys().publicKey(), 1_000_000));
    for (int i = 0; i < 100; i++) {
      allocations.add(new GenesisBuilder.Allocation(self.keys().publicKey(), 1));
    }
    ChainFile chain = chain(allocations);

    try (LoopbackNodes nodes = new LoopbackNodes()) {
      LposNode node = nodes.start(self, chain);
      List<Transaction> committed = new CopyOnWriteArrayList<>();
      WorkloadPlan plan = new WorkloadPlan(new ExperimentSpec(Experiment.EXPERIMENT_LOAD_RATE, 10),
          self.keys().publicKey(), List.of(self.keys().publicKey(), neighbour), 7L);
      Workload workload = new Workload(node.driver(), node::owners, self.keys(), CHAIN_ID, plan, new LatencyLog(null));
      node.onCommit(workload::committed);
      node.onCommit(cb -> committed.addAll(cb.getBlock().getTransactionsList()));
      try {
        workload.start(0);
        await("a committed transaction splitting the large output", 30,
            () -> committed.stream().anyMatch(tx -> tx.getOutputsCount() > 2));
        await("payments from the split outputs", 30,
            () -> committed.stream().filter(tx -> tx.getOutputsCount() == 2).count() >= 10);
      } finally {
        workload.close();
      }
      Transaction split = committed.stream().filter(tx -> tx.getOutputsCount() > 2).findFirst().orElseThrow();
      assertEquals(1_000_000, outputTotal(split), "the split spends the large output, not 1-unit ones");
      assertTrue(split.getOutputsList().stream()
          .allMatch(out -> out.getLock().equals(Scripts.standardLock(self.keys().publicKey()))),
          "a split pays the node itself");
      assertTrue(committed.stream().filter(tx -> tx.getOutputsCount() == 2).allMatch(tx -> outputTotal(tx) > 1),
          "no payment spends a 1-unit output");
    }
  }

  private static long outputTotal(Transaction tx) {
    return tx.getOutputsList().stream().mapToLong(TxOutput::getValue).sum();
  }

  /**
   * The original's {@code bootstrap-only} sends one transaction per second per senator (before
   * this runner followed the one definition it sent nothing): within a few seconds some are
   * committed, and never more than one per elapsed second (plus the one due at the start).
   */
  @Test
  void bootstrapOnlySendsOneTransactionPerSecond() throws Exception {
    List<Member> members = TestMembers.derive(22, 2);
    Member self = members.get(0);
    ByteString neighbour = members.get(1).keys().publicKey();
    // Only this node holds stake, so it holds the one seat; the neighbour is only paid.
    ChainFile chain = chain(List.of(new GenesisBuilder.Allocation(self.keys().publicKey(), 1_000_000)));

    try (LoopbackNodes nodes = new LoopbackNodes()) {
      LposNode node = nodes.start(self, chain);
      WorkloadPlan plan = new WorkloadPlan(new ExperimentSpec(Experiment.EXPERIMENT_BOOTSTRAP_ONLY, 0),
          self.keys().publicKey(), List.of(self.keys().publicKey(), neighbour), 7L);
      Workload workload = new Workload(node.driver(), node::owners, self.keys(), CHAIN_ID, plan, new LatencyLog(null));
      node.onCommit(workload::committed);
      long started = System.nanoTime();
      try {
        workload.start(0);
        await("three bootstrap-only transactions", 30, () -> workload.submitted() >= 3);
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(workload.submitted() <= Math.floor(seconds) + 2,
            workload.submitted() + " transactions in " + seconds + " s");
        assertTrue(seconds >= 1.5, "three transactions at one per second take two seconds, took " + seconds);
      } finally {
        workload.close();
      }
    }
  }

  private static ChainFile chain(List<GenesisBuilder.Allocation> allocations) {
    ChainParams params = ChainParams.newBuilder().setChainId(CHAIN_ID).setSenateSeats(1)
        .setMaxBlockTransactions(1_000).setMaxBlockBytes(1 << 20).build();
    return ChainFile.newBuilder().setFormat(ChainFiles.FORMAT).addBlocks(CertifiedBlock.newBuilder()
        .setBlock(GenesisBuilder.build(params, ByteString.copyFromUtf8("w"), 0, allocations))).build();
  }
}
