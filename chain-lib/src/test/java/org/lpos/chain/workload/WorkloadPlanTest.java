package org.lpos.chain.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who pays whom and how much, as the original's experiments do. */
class WorkloadPlanTest {
  private static final long SEED = 42;
  /** Keys 10, 20, ..., 90 given out of order: "sorted order" is unsigned byte order. */
  private static final List<ByteString> KEYS = List.of(key(50), key(10), key(90), key(30), key(70), key(20),
      key(60), key(40), key(80));

  private static ByteString key(int b) {
    return ByteString.copyFrom(new byte[] {(byte) b, 1});
  }

  private static WorkloadPlan plan(String name, String param, int self) {
    return new WorkloadPlan(ExperimentSpec.parse(name, Optional.ofNullable(param)), key(self), KEYS, SEED);
  }

  @Test
  void txRatePaysTheNextKeyInSortedOrderOneUnit() {
    assertEquals(List.of(new WorkloadPlan.Payment(key(40), 1)), plan("tx-rate", "5", 30).nextPayments());
    assertEquals(List.of(new WorkloadPlan.Payment(key(10), 1)), plan("tx-rate", "5", 90).nextPayments(),
        "the last key wraps around to the first");
    assertEquals(List.of(new WorkloadPlan.Payment(key(40), 1)), plan("bootstrap-only", null, 30).nextPayments());
  }

  /** The original picks one random peer at the start; this plan used to pick a new one per transaction. */
  @Test
  void txRateRandomPicksOneRandomPeerOnce() {
    WorkloadPlan plan = plan("tx-rate-random", "5", 30);
    Set<ByteString> payees = new HashSet<>();
    for (int i = 0; i < 50; i++) {
      List<WorkloadPlan.Payment> payments = plan.nextPayments();
      assertEquals(1, payments.size());
      payees.add(payments.get(0).to());
    }
    assertEquals(1, payees.size(), "one peer for the whole run: " + payees);
    assertFalse(payees.contains(key(30)), "never itself");
    Set<ByteString> chosen = new HashSet<>();
    for (long seed = 0; seed < 40; seed++) {
      chosen.add(new WorkloadPlan(plan.spec(), key(30), KEYS, seed).nextPayments().get(0).to());
    }
    assertTrue(chosen.size() > 3, "the peer depends on the seed: " + chosen);
  }

  @Test
  void txNOutputsPaysTheNextKKeysRandomAmounts() {
    WorkloadPlan plan = plan("tx-n-outputs", "3", 70);
    List<WorkloadPlan.Payment> payments = plan.nextPayments();
    assertEquals(List.of(key(80), key(90), key(10)), payments.stream().map(WorkloadPlan.Payment::to).toList());
    Set<Long> amounts = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      for (WorkloadPlan.Payment p : plan.nextPayments()) {
        assertTrue(p.amount() >= 1 && p.amount() <= WorkloadPlan.MAX_AMOUNT, "amount " + p.amount());
        amounts.add(p.amount());
      }
    }
    assertTrue(amounts.size() > 3, "random amounts: " + amounts);
    assertEquals(30, plan.maxValuePerTransaction());
    // K beyond the other keys goes around the ring again, never paying the sender.
    List<WorkloadPlan.Payment> twenty = plan("tx-n-outputs", "20", 70).nextPayments();
    assertEquals(20, twenty.size());
    assertTrue(twenty.stream().noneMatch(p -> p.to().equals(key(70))));
  }

  @Test
  void theSameSeedGivesTheSamePayments() {
    assertEquals(plan("tx-n-outputs", "5", 10).nextPayments(), plan("tx-n-outputs", "5", 10).nextPayments());
  }

  @Test
  void aLoneStakeholderHasNobodyToPay() {
    WorkloadPlan plan = new WorkloadPlan(ExperimentSpec.parse("tx-rate", Optional.of("1")), key(10),
        List.of(key(10)), SEED);
    assertFalse(plan.canSend());
    assertEquals(List.of(), plan.nextPayments());
  }
}
