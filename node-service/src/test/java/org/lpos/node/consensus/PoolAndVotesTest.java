package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.Vote;

/** The pool's locks and bounds, vote de-duplication and evidence, and timeout growth. */
class PoolAndVotesTest {
  private final CoreCluster cluster = new CoreCluster(4, 4);

  @Test
  void aSecondTransactionSpendingALockedOutputIsRefused() {
    Transaction first = cluster.payment(0, 1, 10, 0);
    Transaction second = cluster.payment(0, 2, 10, 0);
    Ready r = cluster.core(0).handle(new Event.SubmitTransaction(CoreCluster.T0, first));
    assertTrue(r.rejected().isEmpty(), r.rejected().toString());
    r = cluster.core(0).handle(new Event.SubmitTransaction(CoreCluster.T0, second));
    assertEquals(List.of(Reason.INPUT_LOCKED), r.rejected().stream().map(x -> x.reason()).toList());
    assertEquals(1, cluster.core(0).status().poolSize());
  }

  @Test
  void thePoolIsBoundedInCount() {
    ConsensusConfig tiny = new ConsensusConfig(400, 200, 200, 200, 5_000, 10, 1, 1 << 20, 64);
    CoreCluster c = new CoreCluster(4, 4, tiny);
    assertTrue(c.core(0).handle(new Event.SubmitTransaction(CoreCluster.T0, c.payment(0, 1, 10, 0))).rejected().isEmpty());
    Ready r = c.core(0).handle(new Event.SubmitTransaction(CoreCluster.T0, c.payment(0, 1, 10, 1)));
    assertEquals(List.of(Reason.POOL_FULL), r.rejected().stream().map(x -> x.reason()).toList());
  }

  @Test
  void clientsTransactionsReachTheSenateInOneBatchAfterTheBatchDelay() {
    CoreCluster c = new CoreCluster(4, 4);
    NodeCore core = c.core(0);
    long t = c.now;
    List<Transaction> submitted = List.of(c.payment(0, 1, 10, 0), c.payment(0, 2, 10, 1), c.payment(1, 3, 10, 0));
    for (int i = 0; i < submitted.size(); i++) {
      Ready r = core.handle(new Event.SubmitTransaction(t + i, submitted.get(i)));
      assertTrue(r.rejected().isEmpty());
      assertTrue(transactionMessages(r).isEmpty(), "nothing leaves before the batch delay");
      assertTrue(r.wakeUpAtMs().getAsLong() <= t + NodeCore.TX_BATCH_DELAY_MS);
    }

    Ready flushed = core.handle(new Event.Tick(t + NodeCore.TX_BATCH_DELAY_MS));

    List<Outbound> batches = transactionMessages(flushed);
    assertEquals(1, batches.size());
    assertTrue(batches.get(0) instanceof Outbound.ToSenate);
    assertEquals(submitted, batches.get(0).message().getTransactions().getTransactionsList());
    assertTrue(transactionMessages(core.handle(new Event.Tick(t + 10 * NodeCore.TX_BATCH_DELAY_MS))).isEmpty(),
        "a batch is sent once");
  }

  private static List<Outbound> transactionMessages(Ready r) {
    return r.messages().stream().filter(o -> o.message().hasTransactions()).toList();
  }

  @Test
  void committedAndConflictingTransactionsLeaveThePool() {
    var chain = cluster.core(0).chain();
    TxPool pool = new TxPool(100, 1 << 20, chain.params(), chain.caches());
    Transaction a = cluster.payment(0, 1, 10, 0);
    Transaction b = cluster.payment(0, 1, 10, 1);
    Transaction c = cluster.payment(0, 2, 10, 2);
    Transaction conflictingWithC = cluster.payment(0, 3, 20, 2);
    assertTrue(pool.add(CoreCluster.CHAIN_ID, a, chain.utxos()).isEmpty());
    assertTrue(pool.add(CoreCluster.CHAIN_ID, b, chain.utxos()).isEmpty());
    assertTrue(pool.add(CoreCluster.CHAIN_ID, conflictingWithC, chain.utxos()).isEmpty());
    cluster.submit(0, a);
    cluster.submit(0, c);
    cluster.advanceTo(cluster.now + 10_000);
    assertEquals(1, chain.tip().height());
    Block committed = cluster.core(0).committedBlocks().get(0).getBlock();
    assertEquals(Set.of(Transactions.id(a), Transactions.id(c)),
        committed.getTransactionsList().stream().map(Transactions::id).collect(Collectors.toSet()));
    pool.onCommit(committed);
    assertEquals(List.of(b), pool.reap(0, 0), "a was committed; the transaction spending c's input conflicts");
  }

  @Test
  void aConflictingVoteCountsForItsBlockIsEvidenceAndCountsOnceInTheTotal() {
    Senate senate = cluster.core(0).chain().nextSenate();
    ByteString signer = senate.senators().get(0);
    KeyPair key = cluster.keys.get(signer);
    VoteSet set = new VoteSet(senate);
    ByteString a = ByteString.copyFrom(new byte[32]);
    ByteString b = ByteString.copyFrom(new byte[] {1, 2, 3});
    Vote va = ScenarioBlocks.prevote(key, 1, 0, a);
    assertTrue(set.add(va).isEmpty());
    assertTrue(set.add(va).isEmpty(), "the same vote twice is not evidence");
    var evidence = set.add(ScenarioBlocks.prevote(key, 1, 0, b));
    assertTrue(evidence.isPresent());
    assertEquals(senate.seatsOf(signer), set.seatsFor(a));
    assertEquals(senate.seatsOf(signer), set.seatsFor(b), "a signed vote counts for the block it names");
    assertEquals(senate.seatsOf(signer), set.totalSeats(), "a signer counts once among all votes");
    assertEquals(List.of(va), set.votesFor(a));
    for (int i = 0; i < 2 * VoteSet.MAX_BLOCKS_PER_SIGNER; i++) {
      set.add(ScenarioBlocks.prevote(key, 1, 0, ByteString.copyFrom(new byte[] {9, (byte) i})));
    }
    int counted = 0;
    for (int i = 0; i < 2 * VoteSet.MAX_BLOCKS_PER_SIGNER; i++) {
      counted += set.seatsFor(ByteString.copyFrom(new byte[] {9, (byte) i})) > 0 ? 1 : 0;
    }
    assertEquals(VoteSet.MAX_BLOCKS_PER_SIGNER - 2, counted, "a signer's votes count for a bounded number of blocks");
  }

  @Test
  void timeoutsGrowWithTheRoundAndStopAtTheCap() {
    ConsensusConfig c = new ConsensusConfig(400, 200, 200, 100, 1_000, 10, 10, 1 << 20, 64);
    assertEquals(400, c.grown(c.timeoutProposeMs(), 0));
    assertEquals(900, c.grown(c.timeoutProposeMs(), 5));
    assertEquals(1_000, c.grown(c.timeoutProposeMs(), 6));
    assertEquals(1_000, c.grown(c.timeoutProposeMs(), 1_000_000));
  }
}
