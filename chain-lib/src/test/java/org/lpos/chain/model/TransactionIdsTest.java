package org.lpos.chain.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.lpos.chain.crypto.Hashes;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxOutput;

/** Transaction ids stay {@code H(serialize(tx))} whatever a {@link TransactionIds} remembers. */
class TransactionIdsTest {
  private static List<Transaction> transactions(int n, int salt) {
    List<Transaction> txs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      txs.add(Transaction.newBuilder().addOutputs(TxOutput.newBuilder().setValue(1L + i + 1_000_000L * salt)).build());
    }
    return txs;
  }

  /** Many more objects than remembered slots, asked in two passes: every slot is reused. */
  @Test
  void idsAreTheHashOfTheSerializationAcrossSlotReuse() {
    List<Transaction> txs = transactions(5_000, 0);
    TransactionIds ids = new TransactionIds();
    for (int pass = 0; pass < 2; pass++) {
      for (Transaction tx : txs) {
        assertEquals(Hashes.hashOf(tx), ids.id(tx));
      }
    }
  }

  @Test
  void equalObjectsHaveTheSameIdAndDifferentOnesDiffer() throws Exception {
    Transaction a = transactions(1, 1).get(0);
    Transaction copy = Transaction.parseFrom(a.toByteArray());
    Transaction other = transactions(1, 2).get(0);
    assertEquals(Transactions.id(a), Transactions.id(copy));
    assertEquals(false, Transactions.id(a).equals(Transactions.id(other)));
  }

  @Test
  void threadsSharingTheSlotsGetTheirOwnIds() throws Exception {
    TransactionIds ids = new TransactionIds();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        List<Transaction> txs = transactions(3_000, 10 + t);
        results.add(pool.submit(() -> {
          int wrong = 0;
          for (int pass = 0; pass < 3; pass++) {
            for (Transaction tx : txs) {
              ByteString id = ids.id(tx);
              if (!id.equals(Hashes.hashOf(tx))) {
                wrong++;
              }
            }
          }
          return wrong;
        }));
      }
      for (Future<Integer> r : results) {
        assertEquals(0, r.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoNodesRememberTheirOwnIds() {
    Transaction tx = transactions(1, 3).get(0);
    TransactionIds mine = new TransactionIds();
    TransactionIds yours = new TransactionIds();
    ByteString id = mine.id(tx);
    assertSame(id, mine.id(tx), "asked again, the same object answers from memory");
    assertNotSame(id, yours.id(tx), "another node's ids were computed afresh");
    assertEquals(id, yours.id(tx));
  }
}
