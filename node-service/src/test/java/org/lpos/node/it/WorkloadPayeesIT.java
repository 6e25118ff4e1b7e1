package org.lpos.node.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lpos.testing.Eventually.await;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.chainfile.MemberFiles;
import org.lpos.chain.genesis.GenesisBuilder;
import org.lpos.proto.v1.GetBalanceRequest;
import org.lpos.proto.v1.GetBalanceResponse;

/**
 * An experiment pays only nodes that run: four node processes under {@code tx-rate} on a chain
 * where a fifth key (member 4) also holds stake but runs no node. The workload once paid the
 * chain's genesis stakeholders in key order, so the node before member 4 sent it one unit per
 * transaction; its stake grew until it drew seats it never used, and with two of four seats the
 * chain stopped for good (the attack suite's cluster stalled that way at height 5,429). Now the
 * payees are the live nodes discovery lists: member 4's balance and outputs never change while
 * the four nodes pay each other.
 */
class WorkloadPayeesIT {
  private static final int SEATS = 4;
  private static final long IDLE_STAKE = 1_000;
  private static final int IDLE_MEMBER = 4;
  /** One-unit payments the nodes must have made to each other before the check means anything. */
  private static final int PAYMENTS = 100;

  @Test
  void aStakeholderThatRunsNoNodeIsNeverPaid(@TempDir Path dir) throws Exception {
    ByteString idle = MemberFiles.readMembers(LaunchedProcesses.HOME.resolve("data/members.json"))
        .get(IDLE_MEMBER).keys().publicKey();
    try (LaunchedProcesses run = new LaunchedProcesses(dir)) {
      DurableCluster cluster = new DurableCluster(run, dir, "lpos-payees-it", SEATS,
          new long[] {250_000, 250_000, 250_000, 250_000},
          List.of(new GenesisBuilder.Allocation(idle, IDLE_STAKE)));
      cluster.start(40);
      await(PAYMENTS + " payments between the nodes", 120, () -> paymentsReceived(cluster) >= PAYMENTS,
          () -> "payments " + paymentsReceived(cluster) + ", heights " + cluster.heights());
      long head = cluster.headWithout(-1);
      await("40 more heights of payments", 120, () -> cluster.headWithout(-1) >= head + 40, cluster::heights);
      for (int i = 0; i < DurableCluster.NODES; i++) {
        GetBalanceResponse balance = balance(cluster, i, idle);
        assertEquals(IDLE_STAKE, balance.getBalance(), "member 4 (no node) was paid, as node-" + i + " sees it");
        assertEquals(1, balance.getOutputs(), "member 4 (no node) received outputs, as node-" + i + " sees it");
      }
    }
  }

  /** Outputs the four nodes hold beyond their genesis output (payments and splits), as node 0 sees them. */
  private static long paymentsReceived(DurableCluster cluster) {
    long outputs = 0;
    for (int i = 0; i < DurableCluster.NODES; i++) {
      outputs += balance(cluster, 0, cluster.publicKey(i)).getOutputs() - 1;
    }
    return outputs;
  }

  private static GetBalanceResponse balance(DurableCluster cluster, int reader, ByteString owner) {
    return cluster.client(reader).withDeadlineAfter(5, TimeUnit.SECONDS)
        .getBalance(GetBalanceRequest.newBuilder().setOwner(owner).build());
  }
}
