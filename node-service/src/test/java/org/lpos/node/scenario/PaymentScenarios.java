package org.lpos.node.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Transaction;

/**
 * Payment scenarios written once and run over each transport (ratis runs its suites per RPC
 * transport the same way): a subclass says how to start a {@link ScenarioCluster} on a chain.
 * Four members; members 0-2 hold almost all the stake and member 3 0.5% of it, so with ten seats
 * (f = 3) the other three keep a quorum while node 3 is away unless it holds four seats of one
 * height, about 1e-7 per height (see StoppedNodeCatchUpIT). Each run prints its seed first; the
 * chain, the payments and their order follow from it.
 */
public abstract class PaymentScenarios {
  private static final long SEED = 16;
  private static final long[] STAKES = {331_667, 331_667, 331_666, 5_000};
  private static final int OUTPUTS_PER_MEMBER = 24;
  private static final int SEATS = 10;
  private static final int NODES = STAKES.length;
  private static final int AWAY = 3;

  /** Starts one node per member of {@code chain}, all peered; {@code dir} is the test's own directory. */
  protected abstract ScenarioCluster start(ScenarioChain chain, Path dir) throws Exception;

  @Test
  public void fourNodesCommitAStreamOfPaymentsAndAgreeOnEveryBlock(@TempDir Path dir) throws Exception {
    ScenarioChain chain = chain();
    Payments payments = new Payments(chain, new Random(SEED));
    try (ScenarioCluster cluster = start(chain, dir)) {
      for (int burst = 0; burst < 4; burst++) {
        payments.burst(cluster, 8, List.of(0, 1, 2, 3));
        payments.awaitCommitted(cluster, List.of(0, 1, 2, 3));
      }
      assertTrue(cluster.height(0) >= 4, "one block at least per burst: " + cluster.height(0));
      assertAgreeAndConserveValue(chain, cluster, List.of(0, 1, 2, 3), payments);
    }
  }

  @Test
  public void aStoppedNodeCatchesUpAfterRestartWhileTheOthersKeepCommitting(@TempDir Path dir) throws Exception {
    ScenarioChain chain = chain();
    Payments payments = new Payments(chain, new Random(SEED + 1));
    List<Integer> all = List.of(0, 1, 2, 3);
    List<Integer> others = List.of(0, 1, 2);
    try (ScenarioCluster cluster = start(chain, dir)) {
      payments.burst(cluster, 8, all);
      payments.awaitCommitted(cluster, all);
      long stoppedAt = cluster.height(AWAY);
      cluster.stop(AWAY);

      for (int burst = 0; burst < 3; burst++) {
        payments.burst(cluster, 6, others);
        payments.awaitCommitted(cluster, others);
      }
      long head = cluster.height(0);
      assertTrue(head >= stoppedAt + 3, "the other three kept committing: " + stoppedAt + " -> " + head);

      cluster.restart(AWAY);
      cluster.await("node " + AWAY + " back at height " + head, () -> cluster.height(AWAY) >= head);
      payments.burst(cluster, 6, others);
      payments.awaitCommitted(cluster, all);
      assertAgreeAndConserveValue(chain, cluster, all, payments);
    }
  }

  private static ScenarioChain chain() {
    System.out.println("scenario seed " + SEED + " (members, genesis and payments follow from it)");
    return ScenarioChain.of(SEED, STAKES, OUTPUTS_PER_MEMBER, SEATS);
  }

  /**
   * Every node holds the same block at every height, each payment sent is in the chain exactly
   * once and nothing else is, and replaying the chain from genesis (certificates checked) leaves
   * the genesis total less the fees burnt.
   */
  private static void assertAgreeAndConserveValue(ScenarioChain chain, ScenarioCluster cluster, List<Integer> nodes,
      Payments payments) {
    List<CertifiedBlock> reference = cluster.chain(nodes.get(0));
    List<ByteString> hashes = hashes(reference);
    for (int n : nodes) {
      List<ByteString> own = hashes(cluster.chain(n));
      int common = Math.min(own.size(), hashes.size());
      assertEquals(hashes.subList(0, common), own.subList(0, common), "node " + n + " agrees with node " + nodes.get(0));
    }
    Map<ByteString, Integer> included = new HashMap<>();
    for (CertifiedBlock cb : reference) {
      for (Transaction tx : cb.getBlock().getTransactionsList()) {
        included.merge(Transactions.id(tx), 1, Integer::sum);
      }
    }
    assertEquals(payments.sentIds(), included.keySet(), "the chain holds exactly the payments sent");
    assertTrue(included.values().stream().allMatch(c -> c == 1), "each payment once: " + included.values());

    ChainState state = chain.start();
    long genesisTotal = state.utxos().totalValue();
    long fees = 0;
    for (CertifiedBlock cb : reference) {
      BlockOutcome outcome = state.apply(cb);
      if (outcome instanceof BlockOutcome.Valid valid) {
        fees += valid.fees();
      } else {
        fail("block " + cb.getBlock().getHeader().getHeight() + " does not replay: " + outcome);
      }
    }
    assertEquals(payments.sentIds().size() * ScenarioChain.FEE, fees, "fees burnt");
    assertEquals(genesisTotal - fees, state.utxos().totalValue(), "value conserved");
  }

  private static List<ByteString> hashes(List<CertifiedBlock> blocks) {
    return blocks.stream().map(cb -> Blocks.hash(cb.getBlock())).toList();
  }

  /** Ids of every transaction in {@code blocks}. */
  private static Set<ByteString> committed(List<CertifiedBlock> blocks) {
    Set<ByteString> ids = new HashSet<>();
    for (CertifiedBlock cb : blocks) {
      cb.getBlock().getTransactionsList().forEach(tx -> ids.add(Transactions.id(tx)));
    }
    return ids;
  }

  /** The scenario's stream of payments: member i % 4 pays member (i + 1) % 4 from a fresh genesis output. */
  private static final class Payments {
    private final ScenarioChain chain;
    private final Random random;
    private final List<List<Utxo>> unspent = new ArrayList<>();
    private final Set<ByteString> sent = new HashSet<>();
    private int next;

    Payments(ScenarioChain chain, Random random) {
      this.chain = chain;
      this.random = random;
      for (int m = 0; m < NODES; m++) {
        unspent.add(new ArrayList<>(chain.genesisOutputs(m)));
      }
    }

    /** Submits {@code count} payments, handing them to {@code nodes} in turn. */
    void burst(ScenarioCluster cluster, int count, List<Integer> nodes) {
      for (int i = 0; i < count; i++, next++) {
        int from = next % NODES;
        Utxo source = unspent.get(from).remove(0);
        Transaction tx = chain.payment(from, source, (from + 1) % NODES, 1 + random.nextInt(100));
        sent.add(Transactions.id(tx));
        cluster.submit(nodes.get(next % nodes.size()), tx);
      }
    }

    /** Waits until every node of {@code nodes} has committed every payment sent so far. */
    void awaitCommitted(ScenarioCluster cluster, List<Integer> nodes) {
      long startedAt = System.nanoTime();
      for (int n : nodes) {
        cluster.await(sent.size() + " payments committed at node " + n,
            () -> committed(cluster.chain(n)).containsAll(sent));
      }
      System.out.printf("%d payments committed at nodes %s, height %d, after %d ms%n", sent.size(), nodes,
          cluster.height(nodes.get(0)), (System.nanoTime() - startedAt) / 1_000_000);
    }

    Set<ByteString> sentIds() {
      return Set.copyOf(sent);
    }
  }
}
