package org.lpos.chain.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;

/**
 * The per-owner view of the set against a filter over the whole set: after random deltas, each
 * owner's outputs are exactly the set's outputs of that owner, including owners
 * whose last output was spent and sets restored with {@link InMemoryUtxoSet#of}; an owner's
 * outputs share one instance of its key, however many copies the deltas brought.
 */
class InMemoryUtxoSetTest {
  private static final long SEED = 0x0e1e_5e7L;
  private static final int OWNERS = 12;

  @Test
  void eachOwnersOutputsAreTheSetsOutputsOfThatOwner() {
    System.out.println("InMemoryUtxoSetTest seed=" + SEED);
    Random random = new Random(SEED);
    InMemoryUtxoSet set = new InMemoryUtxoSet();
    List<Utxo> live = new ArrayList<>();
    for (int step = 0; step < 400; step++) {
      List<Utxo> spent = new ArrayList<>();
      for (int i = 0; i < random.nextInt(4) && !live.isEmpty(); i++) {
        spent.add(live.remove(random.nextInt(live.size())));
      }
      List<Utxo> created = new ArrayList<>();
      for (int i = 0; i < random.nextInt(5); i++) {
        byte[] txId = new byte[32];
        random.nextBytes(txId);
        created.add(new Utxo(new OutputKey(ByteString.copyFrom(txId), i), 1 + random.nextInt(1_000), owner(random.nextInt(OWNERS))));
      }
      set.apply(new UtxoDelta(spent, created));
      live.addAll(created);
      if (step % 25 == 0) {
        assertOwnersAgree(set);
        assertOwnersAgree(InMemoryUtxoSet.of(copyOf(set)));
      }
    }
    assertOwnersAgree(set);
  }

  private static List<Utxo> copyOf(UtxoSet set) {
    List<Utxo> all = new ArrayList<>();
    set.forEach(all::add);
    return all;
  }

  private static void assertOwnersAgree(UtxoSet set) {
    for (int o = 0; o < OWNERS; o++) {
      ByteString owner = owner(o);
      List<Utxo> filtered = new ArrayList<>();
      set.forEach(u -> {
        if (u.owner().equals(owner)) {
          filtered.add(u);
        }
      });
      List<Utxo> indexed = new ArrayList<>();
      set.forEachOwnedBy(owner, indexed::add);
      List<Utxo> largestFirst = new ArrayList<>(filtered);
      largestFirst.sort(Utxo.LARGEST_FIRST);
      assertEquals(largestFirst, indexed, "outputs of owner " + o + ", largest first");
      assertEquals(largestFirst.stream().findFirst(), set.largestOwnedBy(owner), "largest output of owner " + o);
      for (Utxo u : indexed) {
        assertSame(indexed.get(0).owner(), u.owner(), "outputs of owner " + o + " share one key instance");
        assertSame(u, set.find(u.key()).orElseThrow(), "the owner index and the key index hold one object");
      }
    }
  }

  private static ByteString owner(int i) {
    return ByteString.copyFromUtf8("owner-" + i);
  }
}
