package org.lpos.node.server;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.lpos.chain.chainfile.ChainFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.chain.genesis.TestMembers;
import org.lpos.chain.model.Member;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.ChainFile;
import org.lpos.proto.v1.ChainParams;
import org.lpos.proto.v1.Transaction;

/** The {@code tx-rate} workload on a real one-seat node. */
class WorkloadTest {
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
    ChainParams params = ChainParams.newBuilder().setChainId(CHAIN_ID).setSenateSeats(1)
        .setMaxBlockTransactions(1_000).setMaxBlockBytes(1 << 20).build();
    ChainFile chain = ChainFile.newBuilder().setFormat(ChainFiles.FORMAT).addBlocks(CertifiedBlock.newBuilder()
        .setBlock(GenesisBuilder.build(params, ByteString.copyFromUtf8("w"), 0, allocations))).build();

    try (LoopbackNodes nodes = new LoopbackNodes()) {
      LposNode node = nodes.start(self, chain);
      List<Transaction> committed = new CopyOnWriteArrayList<>();
      Workload workload = new Workload(node.driver(), self.keys(), CHAIN_ID, List.of(neighbour),
          Workload.Kind.TX_RATE, 10, 7L, new LatencyLog(null));
      node.onCommit(workload::committed);
      node.onCommit(cb -> committed.addAll(cb.getBlock().getTransactionsList()));
      try {
        workload.start(0);
        LoopbackNodes.await("a committed transaction splitting the large output", 30,
            () -> committed.stream().anyMatch(tx -> tx.getOutputsCount() > 2));
        LoopbackNodes.await("payments from the split outputs", 30,
            () -> committed.stream().filter(tx -> tx.getOutputsCount() == 2).count() >= 10);
      } finally {
        workload.close();
      }
    }
  }
}
