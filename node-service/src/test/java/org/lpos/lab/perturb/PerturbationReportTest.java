package org.lpos.lab.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The end checks and recovery times of a perturbed run, from commit times made up to the ms. */
class PerturbationReportTest {
  private static final long ZERO = 1_000_000;
  private static final PerturbationSchedule SCHEDULE = PerturbationSchedule.parse(
      "kill:node-2@20s,restart:node-2@30s,partition:{0,1}|{2}@40s+10s", 3, 80_000);

  private static long at(double seconds) {
    return ZERO + Math.round(seconds * 1000);
  }

  private static Map<Integer, List<Long>> commits(double lastOf0, double lastOf1, double lastOf2) {
    return Map.of(0, List.of(at(10), at(31), at(52), at(lastOf0)), 1, List.of(at(10), at(32), at(51), at(lastOf1)),
        2, List.of(at(10), at(33.5), at(50.5), at(lastOf2)));
  }

  @Test
  void recoveryIsUntilEveryTouchedNodeCommitsAfterTheFaultsEnd() {
    PerturbationReport r = PerturbationReport.of(SCHEDULE, ZERO, commits(60, 60, 60), true, Optional.of(true),
        List.of(), Set.of());
    assertEquals(OptionalDouble.of(3.5), r.recoveryS().get("kill:node-2@20s"), "node-2 committed at 33.5 s");
    assertEquals(OptionalDouble.of(2.0), r.recoveryS().get("partition:{0,1}|{2}@40s+10s"), "node-0 came last, at 52 s");
    assertEquals(OptionalDouble.of(2.0), r.livenessResumedS());
    assertTrue(r.passed());
    assertEquals(2.0, ((Map<?, ?>) r.fields().get("perturbation_checks")).get("liveness_resumed_s"));
  }

  @Test
  void livenessFailsWhenANodeDoesNotCommitAgainOrTooLate() {
    Map<Integer, List<Long>> stuck = Map.of(0, List.of(at(52)), 1, List.of(at(51)), 2, List.of(at(45)));
    PerturbationReport never = PerturbationReport.of(SCHEDULE, ZERO, stuck, true, Optional.of(true), List.of(),
        Set.of());
    assertFalse(never.livenessResumed());
    assertFalse(never.passed());
    assertNull(((Map<?, ?>) never.fields().get("perturbation_checks")).get("liveness_resumed_s"));
    Map<Integer, List<Long>> slow = Map.of(0, List.of(at(52)), 1, List.of(at(51)), 2, List.of(at(81)));
    PerturbationReport late = PerturbationReport.of(SCHEDULE, ZERO, slow, true, Optional.of(true), List.of(),
        Set.of());
    assertEquals(OptionalDouble.of(31), late.livenessResumedS());
    assertFalse(late.passed(), "31 s is over the bound of " + PerturbationReport.LIVENESS_BOUND_S);
  }

  @Test
  void evidenceAgainstAnHonestNodeOrUnreadBalancesFailTheRun() {
    PerturbationReport doubleSign = PerturbationReport.of(SCHEDULE, ZERO, commits(60, 60, 60), true,
        Optional.of(true), List.of("aa", "bb"), Set.of("aa"));
    assertFalse(doubleSign.noHonestDoubleSign());
    assertFalse(doubleSign.passed());
    assertTrue(PerturbationReport.of(SCHEDULE, ZERO, commits(60, 60, 60), true, Optional.of(true), List.of("aa"),
        Set.of("aa")).passed(), "evidence against a Byzantine node is what it should be");
    assertFalse(PerturbationReport.of(SCHEDULE, ZERO, commits(60, 60, 60), true, Optional.empty(), List.of(),
        Set.of()).passed());
    assertFalse(PerturbationReport.of(SCHEDULE, ZERO, commits(60, 60, 60), false, Optional.of(true), List.of(),
        Set.of()).passed());
  }

  @Test
  void aNodeLeftKilledIsNotWaitedFor() {
    PerturbationSchedule killed = PerturbationSchedule.parse("kill:node-2@20s", 3, 80_000);
    Map<Integer, List<Long>> commits = Map.of(0, List.of(at(22)), 1, List.of(at(21)), 2, List.of(at(10)));
    PerturbationReport r = PerturbationReport.of(killed, ZERO, commits, true, Optional.of(true), List.of(), Set.of());
    assertEquals(OptionalDouble.of(2.0), r.livenessResumedS());
    assertEquals(OptionalDouble.empty(), r.recoveryS().get("kill:node-2@20s"));
  }
}
