package org.lpos.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import org.junit.jupiter.api.Test;
import org.lpos.proto.v1.BlockResponse;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Script;
import org.lpos.proto.v1.ScriptUnit;
import org.lpos.proto.v1.StatusAnnouncement;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TransactionBatch;
import org.lpos.proto.v1.TxOutput;
import org.lpos.proto.v1.Vote;

/** The token bucket and a peer's budgets, driven by a hand-moved clock in nanoseconds. */
class PeerBudgetTest {
  private static final long SECOND = 1_000_000_000L;
  private static final PeerBudgets.Limit TEN_PER_SECOND_BURST_5 = new PeerBudgets.Limit(10, 5);

  @Test
  void aBucketStartsFullAndGivesItsBurstAtOnce() {
    TokenBucket bucket = new TokenBucket(TEN_PER_SECOND_BURST_5, 0);
    for (int i = 0; i < 5; i++) {
      assertTrue(bucket.tryTake(1, 0), "token " + i);
    }
    assertFalse(bucket.tryTake(1, 0));
  }

  @Test
  void aBucketRefillsAtItsRateAndNeverBeyondItsBurst() {
    TokenBucket bucket = new TokenBucket(TEN_PER_SECOND_BURST_5, 0);
    assertTrue(bucket.tryTake(5, 0));
    assertFalse(bucket.tryTake(1, SECOND / 10 - 1), "not a whole token yet");
    assertTrue(bucket.tryTake(1, SECOND / 10), "one token after a tenth of a second");
    assertFalse(bucket.tryTake(6, 60 * SECOND), "a minute idle refills to the burst, not beyond");
    assertTrue(bucket.tryTake(5, 60 * SECOND));
  }

  @Test
  void aClockThatGoesBackwardsGivesNoTokens() {
    TokenBucket bucket = new TokenBucket(TEN_PER_SECOND_BURST_5, 10 * SECOND);
    assertTrue(bucket.tryTake(5, 10 * SECOND));
    assertFalse(bucket.tryTake(1, 5 * SECOND));
    assertFalse(bucket.tryTake(1, 10 * SECOND));
  }

  @Test
  void eachKindSpendsItsOwnBudget() {
    PeerBudget budget = new PeerBudget(limits(), 0);
    for (int i = 0; i < 3; i++) {
      assertEquals(PeerBudget.Verdict.ADMITTED, budget.charge(MessageKind.STATUS, status(), 0));
    }
    assertEquals(PeerBudget.Verdict.DROPPED, budget.charge(MessageKind.STATUS, status(), 0));
    assertEquals(PeerBudget.Verdict.ADMITTED, budget.charge(MessageKind.VOTE, vote(), 0),
        "statuses over budget leave votes alone");
    assertEquals(PeerBudget.Verdict.ADMITTED, budget.charge(MessageKind.BLOCK_RESPONSE, response(), 0),
        "answers are not budgeted");
  }

  @Test
  void transactionBatchesSpendCountAndBytes() {
    PeerBudget budget = new PeerBudget(limits(), 0);
    assertEquals(PeerBudget.Verdict.ADMITTED, budget.charge(MessageKind.TRANSACTIONS, batch(8, 10), 0));
    assertEquals(PeerBudget.Verdict.DROPPED, budget.charge(MessageKind.TRANSACTIONS, batch(3, 10), 0),
        "8 of 10 transactions spent");
    PeerBudget bytes = new PeerBudget(limits(), 0);
    assertEquals(PeerBudget.Verdict.DROPPED, bytes.charge(MessageKind.TRANSACTIONS, batch(1, 5_000), 0),
        "one transaction, but over the byte budget");
    assertEquals(PeerBudget.Verdict.ADMITTED, bytes.charge(MessageKind.TRANSACTIONS, batch(10, 10), 0),
        "a refused batch takes nothing from the count");
  }

  @Test
  void anEmptyBatchStillCostsOne() {
    PeerBudget budget = new PeerBudget(limits(), 0);
    for (int i = 0; i < 10; i++) {
      budget.charge(MessageKind.TRANSACTIONS, batch(0, 0), 0);
    }
    assertEquals(PeerBudget.Verdict.DROPPED, budget.charge(MessageKind.TRANSACTIONS, batch(0, 0), 0));
  }

  @Test
  void overrunsAreForgivenUpToTheirOwnBudget() {
    PeerBudget budget = new PeerBudget(limits(), 0);
    for (int i = 0; i < 3; i++) {
      budget.charge(MessageKind.STATUS, status(), 0);
    }
    for (int i = 0; i < 4; i++) {
      assertEquals(PeerBudget.Verdict.DROPPED, budget.charge(MessageKind.STATUS, status(), 0), "overrun " + i);
    }
    assertEquals(PeerBudget.Verdict.DROPPED_AND_EXHAUSTED, budget.charge(MessageKind.STATUS, status(), 0));
    assertEquals(PeerBudget.Verdict.ADMITTED, budget.charge(MessageKind.STATUS, status(), SECOND),
        "a second later the peer may speak again");
  }

  @Test
  void theDefaultsLetThePeakHonestTrafficThroughForAMinute() {
    PeerBudget budget = new PeerBudget(PeerBudgets.defaults(), 0);
    int heightsPerSecond = 40;
    for (long ms = 0; ms < 60_000; ms += 1_000 / heightsPerSecond) {
      long now = ms * 1_000_000;
      for (MessageKind kind : new MessageKind[] {MessageKind.PROPOSAL, MessageKind.VOTE, MessageKind.VOTE,
          MessageKind.COMMITTED_BLOCK, MessageKind.TICKET}) {
        assertEquals(PeerBudget.Verdict.ADMITTED, budget.charge(kind, vote(), now), kind + " at " + ms);
      }
      // The cluster's whole saturated load, 3,450 tx/s, forwarded by this one peer in batches.
      assertEquals(PeerBudget.Verdict.ADMITTED,
          budget.charge(MessageKind.TRANSACTIONS, batch(3_450 / heightsPerSecond, 250), now), "batch at " + ms);
      if (ms % 500 == 0) {
        assertEquals(PeerBudget.Verdict.ADMITTED, budget.charge(MessageKind.STATUS, status(), now));
        assertEquals(PeerBudget.Verdict.ADMITTED, budget.charge(MessageKind.BLOCK_REQUEST, vote(), now));
      }
    }
  }

  /** Status 3 at once, 1/s; transactions 10 at once; 2,000 bytes; overruns 4 at once, 1/s. */
  private static PeerBudgets limits() {
    PeerBudgets.Limit wide = new PeerBudgets.Limit(1_000, 1_000);
    return new PeerBudgets(wide, wide, new PeerBudgets.Limit(1, 10), new PeerBudgets.Limit(1, 2_000), wide,
        new PeerBudgets.Limit(1, 3), new PeerBudgets.Limit(1, 4));
  }

  private static PeerMessage status() {
    return PeerMessage.newBuilder().setStatus(StatusAnnouncement.newBuilder().setHeight(7)).build();
  }

  private static PeerMessage vote() {
    return PeerMessage.newBuilder().setVote(Vote.newBuilder().setHeight(7)).build();
  }

  private static PeerMessage response() {
    return PeerMessage.newBuilder().setBlockResponse(BlockResponse.getDefaultInstance()).build();
  }

  /** {@code count} transactions of about {@code bytes} bytes each. */
  private static PeerMessage batch(int count, int bytes) {
    TransactionBatch.Builder batch = TransactionBatch.newBuilder();
    for (int i = 0; i < count; i++) {
      Script lock = Script.newBuilder()
          .addUnits(ScriptUnit.newBuilder().setData(ByteString.copyFrom(new byte[Math.max(0, bytes - 12)]))).build();
      batch.addTransactions(Transaction.newBuilder().addOutputs(TxOutput.newBuilder().setValue(i + 1).setLock(lock)));
    }
    return PeerMessage.newBuilder().setTransactions(batch).build();
  }
}
