package org.lpos.chain.senate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/**
 * The AVL stake index against a naive sorted map: after thousands of random inserts and removals
 * its size, total, order and every covering position agree.
 */
class StakeIndexTest {
  private static final long SEED = 0x5eed_57a4eL;

  private static Utxo utxo(Random random, List<ByteString> txIds) {
    ByteString txId = txIds.get(random.nextInt(txIds.size()));
    long value = random.nextInt(10) == 0 ? 1 + random.nextInt(1_000_000_000) : 1 + random.nextInt(100);
    return new Utxo(new OutputKey(txId, random.nextInt(4)), value, ByteString.copyFromUtf8("o" + random.nextInt(50)));
  }

  @Test
  void randomInsertsAndRemovalsAgreeWithANaiveSortedList() {
    System.out.println("StakeIndexTest seed=" + SEED);
    Random random = new Random(SEED);
    List<ByteString> txIds = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      byte[] id = new byte[32];
      random.nextBytes(id);
      txIds.add(ByteString.copyFrom(id));
    }
    StakeIndex index = new StakeIndex();
    TreeMap<OutputKey, Utxo> naive = new TreeMap<>();
    for (int op = 0; op < 6_000; op++) {
      if (naive.isEmpty() || random.nextInt(100) < 60) {
        Utxo u = utxo(random, txIds);
        if (naive.containsKey(u.key())) {
          assertThrows(IllegalStateException.class, () -> index.add(u));
        } else {
          index.add(u);
          naive.put(u.key(), u);
        }
      } else {
        List<OutputKey> keys = new ArrayList<>(naive.keySet());
        OutputKey k = keys.get(random.nextInt(keys.size()));
        index.remove(k);
        naive.remove(k);
      }
      if (op % 20 == 0) {
        assertAgree(naive, index, random, op);
      }
    }
    assertAgree(naive, index, random, -1);
  }

  private static void assertAgree(SortedMap<OutputKey, Utxo> naive, StakeIndex index, Random random, int op) {
    String where = "after op " + op + " (seed " + SEED + ")";
    assertEquals(naive.size(), index.size(), where);
    List<Utxo> expected = new ArrayList<>(naive.values());
    List<Utxo> inOrder = new ArrayList<>();
    index.forEachInOrder(inOrder::add);
    assertEquals(expected, inOrder, where);
    long total = expected.stream().mapToLong(Utxo::value).sum();
    assertEquals(total, index.totalValue(), where);
    if (total == 0) {
      return;
    }
    long start = 0;
    for (Utxo u : expected) {
      assertEquals(u, index.utxoAt(start), where + " at the first satoshi of " + u.key());
      assertEquals(u, index.utxoAt(start + u.value() - 1), where + " at the last satoshi of " + u.key());
      start += u.value();
    }
    for (int i = 0; i < 20; i++) {
      long k = Math.floorMod(random.nextLong(), total);
      assertEquals(naiveAt(expected, k), index.utxoAt(k), where + " at " + k);
    }
  }

  private static Utxo naiveAt(List<Utxo> sorted, long position) {
    long end = 0;
    for (Utxo u : sorted) {
      end += u.value();
      if (position < end) {
        return u;
      }
    }
    throw new AssertionError("position beyond the total");
  }

  @Test
  void removingAnAbsentOutputFails() {
    StakeIndex index = new StakeIndex();
    OutputKey key = new OutputKey(ByteString.copyFromUtf8("absent"), 0);
    assertThrows(IllegalStateException.class, () -> index.remove(key));
    index.add(new Utxo(new OutputKey(ByteString.copyFromUtf8("present"), 0), 3, ByteString.copyFromUtf8("o")));
    assertThrows(IllegalStateException.class, () -> index.remove(key));
    assertEquals(1, index.size());
    assertEquals(3, index.totalValue());
  }

  @Test
  void emptyIndexHasNothingToDraw() {
    StakeIndex index = new StakeIndex();
    assertEquals(0, index.totalValue());
    assertThrows(IllegalArgumentException.class, () -> index.utxoAt(0));
  }
}
