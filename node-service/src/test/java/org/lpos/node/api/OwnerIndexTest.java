package org.lpos.node.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lpos.chain.ledger.InMemoryUtxoSet;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/**
 * The owner index the Node API reads: after any sequence of commits it agrees with the UTXO set
 * the core keeps (balance, count, outputs in reference order), and an index a reader holds does
 * not change when a newer one is published. Also prints what publishing costs per commit on a
 * large set (for docs/security.md; not asserted, a timing is no test).
 */
class OwnerIndexTest {
  private static final long SEED = 77_2026L;

  @Test
  void agreesWithTheUtxoSetAndOldIndexesStayAsTheyWere() {
    System.out.println("OwnerIndexTest seed=" + SEED);
    Random random = new Random(SEED);
    InMemoryUtxoSet set = new InMemoryUtxoSet();
    List<Utxo> live = new ArrayList<>();
    OwnerIndex index = OwnerIndex.of(set, 0);
    for (int height = 1; height <= 300; height++) {
      List<UtxoDelta> deltas = new ArrayList<>();
      for (int block = 0; block < 1 + random.nextInt(2); block++) {
        List<Utxo> spent = new ArrayList<>();
        for (int i = 0; i < random.nextInt(5) && !live.isEmpty(); i++) {
          spent.add(live.remove(random.nextInt(live.size())));
        }
        List<Utxo> created = new ArrayList<>();
        for (int i = 0; i < random.nextInt(6); i++) {
          created.add(output(random, 20));
        }
        live.addAll(created);
        UtxoDelta d = new UtxoDelta(spent, created);
        set.apply(d);
        deltas.add(d);
      }
      OwnerIndex before = index;
      List<Long> balancesBefore = balances(before);
      index = index.after(deltas, height);
      assertEquals(balancesBefore, balances(before), "an index once published does not change");
      assertEquals(height, index.height());
      assertAgrees(set, index);
    }
  }

  /**
   * Random steps over few owners (so each holds hundreds of outputs) agree with an index built
   * from scratch at every height, and every index published along the way still shows its own
   * height's state at the end.
   */
  @Test
  void agreesWithAnIndexBuiltFromScratchAndKeepsEveryOldIndex() {
    long seed = SEED + 1;
    System.out.println("OwnerIndexTest fromScratch seed=" + seed);
    Random random = new Random(seed);
    int owners = 6;
    InMemoryUtxoSet set = new InMemoryUtxoSet();
    List<Utxo> live = new ArrayList<>();
    OwnerIndex index = OwnerIndex.of(set, 0);
    List<OwnerIndex> published = new ArrayList<>();
    List<OwnerIndex> references = new ArrayList<>();
    for (int height = 1; height <= 400; height++) {
      List<UtxoDelta> deltas = new ArrayList<>();
      int blocks = random.nextInt(4);
      for (int block = 0; block < blocks; block++) {
        List<Utxo> spent = new ArrayList<>();
        // Early on mostly create, later spend about as much as is created, sometimes everything
        // one owner holds.
        int spends = height < 100 ? random.nextInt(3) : random.nextInt(12);
        for (int i = 0; i < spends && !live.isEmpty(); i++) {
          spent.add(live.remove(random.nextInt(live.size())));
        }
        if (random.nextInt(50) == 0) {
          ByteString emptied = owner(random.nextInt(owners));
          live.removeIf(u -> u.owner().equals(emptied) && spent.add(u));
        }
        List<Utxo> created = new ArrayList<>();
        for (int i = 0, n = random.nextInt(12); i < n; i++) {
          created.add(output(random, owners));
        }
        live.addAll(created);
        UtxoDelta d = new UtxoDelta(spent, created);
        set.apply(d);
        deltas.add(d);
      }
      index = index.after(deltas, height);
      OwnerIndex reference = OwnerIndex.of(set, height);
      assertSame(reference, index, owners);
      published.add(index);
      references.add(reference);
    }
    for (int i = 0; i < published.size(); i++) {
      assertSame(references.get(i), published.get(i), owners);
    }
  }

  /**
   * The regression for nodes slowing down as they ran: publishing a commit copied and re-sorted
   * every output a touched owner held, so an owner the workload pays over and over made every
   * commit slower. One output spent and one created for an owner holding 100,000 outputs now
   * allocates a few KB (the old array copies were over 800 KB); allocation, not time, so the
   * bound holds on a loaded machine.
   */
  @Test
  void aCommitForAnOwnerWithManyOutputsDoesNotCopyThem() {
    Random random = new Random(SEED);
    List<Utxo> all = new ArrayList<>();
    for (int i = 0; i < 100_000; i++) {
      all.add(output(random, 1));
    }
    OwnerIndex index = OwnerIndex.of(InMemoryUtxoSet.of(all), 0);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long most = 0;
    for (int height = 1; height <= 60; height++) {
      Utxo created = output(random, 1);
      List<UtxoDelta> step = List.of(new UtxoDelta(List.of(all.remove(random.nextInt(all.size()))), List.of(created)));
      all.add(created);
      long before = threads.getCurrentThreadAllocatedBytes();
      index = index.after(step, height);
      long allocated = threads.getCurrentThreadAllocatedBytes() - before;
      if (height > 50) {
        most = Math.max(most, allocated);
      }
    }
    System.out.printf("OwnerIndex: one output spent and one created for an owner holding 100,000: "
        + "at most %,d bytes allocated per commit%n", most);
    assertTrue(most < 64 * 1024, "a commit allocated " + most + " bytes");
    assertEquals(100_000, index.holdings(owner(0)).count());
  }

  @Test
  void aDeltaSpendingAnOutputTheIndexDoesNotHoldIsRefused() {
    Random random = new Random(SEED);
    Utxo held = output(random, 1);
    Utxo stranger = output(random, 1);
    OwnerIndex index = OwnerIndex.of(InMemoryUtxoSet.of(List.of(held)), 0);
    assertThrows(IllegalStateException.class,
        () -> index.after(List.of(new UtxoDelta(List.of(stranger), List.of())), 1));
    assertEquals(List.of(held), index.holdings(held.owner()).first(10));
  }

  @Test
  void anOutputCreatedAndSpentInOneStepLeavesNoTrace() {
    Random random = new Random(SEED);
    Utxo passing = output(random, 1);
    OwnerIndex index = OwnerIndex.of(new InMemoryUtxoSet(), 0)
        .after(List.of(new UtxoDelta(List.of(), List.of(passing)), new UtxoDelta(List.of(passing), List.of())), 2);
    assertEquals(0, index.holdings(passing.owner()).count());
  }

  @Test
  void printsThePublishingCostPerCommit() {
    Random random = new Random(SEED);
    List<Utxo> all = new ArrayList<>();
    for (int i = 0; i < 300_000; i++) {
      all.add(output(random, 30_000));
    }
    InMemoryUtxoSet set = InMemoryUtxoSet.of(all);
    long start = System.nanoTime();
    OwnerIndex index = OwnerIndex.of(set, 0);
    long buildMs = (System.nanoTime() - start) / 1_000_000;
    // A commit of 2,000 payments: each spends one output and creates two.
    int commits = 50;
    long totalNs = 0;
    long coreNs = 0;
    for (int c = 1; c <= commits; c++) {
      List<Utxo> spent = new ArrayList<>();
      List<Utxo> created = new ArrayList<>();
      for (int t = 0; t < 2_000; t++) {
        spent.add(all.remove(all.size() - 1 - random.nextInt(1_000)));
        created.add(output(random, 30_000));
        created.add(output(random, 30_000));
      }
      all.addAll(created);
      UtxoDelta d = new UtxoDelta(spent, created);
      long t0 = System.nanoTime();
      set.apply(d);
      long t1 = System.nanoTime();
      index = index.after(List.of(d), c);
      coreNs += t1 - t0;
      totalNs += System.nanoTime() - t1;
    }
    System.out.printf("OwnerIndex: built over 300,000 outputs / 30,000 owners in %d ms; "
        + "a commit of 2,000 payments (2,000 spent, 4,000 created) costs %.2f ms on average over %d commits"
        + " (applying the same delta to the core's UTXO set: %.2f ms)%n",
        buildMs, totalNs / 1e6 / commits, commits, coreNs / 1e6 / commits);
    assertAgrees(set, index);
  }

  private static void assertAgrees(InMemoryUtxoSet set, OwnerIndex index) {
    for (var e : set.balances().entrySet()) {
      List<Utxo> expected = new ArrayList<>();
      set.forEachOwnedBy(e.getKey(), expected::add);
      expected.sort((a, b) -> a.key().compareTo(b.key()));
      OwnerIndex.Holdings held = index.holdings(e.getKey());
      assertEquals(e.getValue(), held.balance());
      assertEquals(expected, held.first(Integer.MAX_VALUE));
    }
  }

  private static void assertSame(OwnerIndex expected, OwnerIndex actual, int owners) {
    assertEquals(expected.height(), actual.height());
    for (int o = 0; o < owners; o++) {
      OwnerIndex.Holdings want = expected.holdings(owner(o));
      OwnerIndex.Holdings got = actual.holdings(owner(o));
      assertEquals(want.balance(), got.balance(), "balance of owner " + o);
      assertEquals(want.count(), got.count(), "count of owner " + o);
      assertEquals(want.first(Integer.MAX_VALUE), got.first(Integer.MAX_VALUE), "outputs of owner " + o);
      assertEquals(want.first(3), got.first(3), "first 3 outputs of owner " + o);
      assertEquals(List.of(), got.first(0));
    }
  }

  private static List<Long> balances(OwnerIndex index) {
    List<Long> out = new ArrayList<>();
    for (int o = 0; o < 20; o++) {
      out.add(index.holdings(owner(o)).balance());
    }
    return out;
  }

  private static Utxo output(Random random, int owners) {
    byte[] txId = new byte[32];
    random.nextBytes(txId);
    return new Utxo(new OutputKey(ByteString.copyFrom(txId), random.nextInt(4)), 1 + random.nextInt(1_000),
        owner(random.nextInt(owners)));
  }

  private static ByteString owner(int i) {
    byte[] key = new byte[32];
    key[0] = (byte) i;
    key[31] = (byte) (i >> 8);
    key[30] = (byte) (i >> 16);
    return ByteString.copyFrom(key);
  }
}
