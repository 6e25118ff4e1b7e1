package org.lpos.lab.perturb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.lpos.lab.perturb.FaultAction.Kind;
import org.lpos.lab.perturb.Perturbation.Heal;
import org.lpos.lab.perturb.Perturbation.Kill;
import org.lpos.lab.perturb.Perturbation.Partition;
import org.lpos.lab.perturb.Perturbation.Pause;
import org.lpos.lab.perturb.Perturbation.Restart;

/** The {@code --perturb} syntax: what it reads, what it refuses and why, and what it schedules. */
class PerturbationScheduleTest {
  private static final String EXAMPLE =
      "kill:node-2@20s,restart:node-2@30s,pause:node-1@40s+8s,partition:{0,1}|{2,3}@55s+10s,heal@70s";
  private static final long RUN_MS = 90_000;

  private static PerturbationSchedule parse(String spec) {
    return PerturbationSchedule.parse(spec, 4, RUN_MS);
  }

  @Test
  void readsEveryKindIntoItsRecordInTimeOrder() {
    PerturbationSchedule s = parse("partition:{0,1}|{2,3}@55s,heal@70s,pause:1@40s+8s,kill:node-2@20s,"
        + "restart:node-2@30s");
    assertEquals(List.of(new Kill(2, 20_000), new Restart(2, 30_000), new Pause(1, 40_000, 8_000),
        new Partition(List.of(Set.of(0, 1), Set.of(2, 3)), 55_000, OptionalLong.empty()), new Heal(70_000)),
        s.perturbations());
    assertTrue(s.partitions());
  }

  @Test
  void describesItselfInTheSyntaxItReads() {
    PerturbationSchedule s = parse(" KILL:node-2@20s, restart:2@30000ms,pause:node-1@40s+8s,"
        + "partition:{1,0}|{3,2}@55s,heal@70s");
    assertEquals("kill:node-2@20s,restart:node-2@30s,pause:node-1@40s+8s,partition:{0,1}|{2,3}@55s,heal@70s",
        s.describe());
    assertEquals(s.describe(), parse(s.describe()).describe());
  }

  @Test
  void schedulesTheEndsOfPausesAndTimedPartitions() {
    List<FaultAction> actions = parse("pause:node-1@10s+5s,pause:node-1@15s+5s,partition:{0}|{1,2,3}@30s+10s")
        .actions();
    assertEquals(List.of(Kind.PAUSE, Kind.RESUME, Kind.PAUSE, Kind.RESUME, Kind.PARTITION, Kind.HEAL),
        actions.stream().map(FaultAction::kind).toList());
    assertEquals(List.of(10_000L, 15_000L, 15_000L, 20_000L, 30_000L, 40_000L),
        actions.stream().map(FaultAction::atMs).toList());
  }

  @Test
  void windowsRunFromEachFaultToItsEnd() {
    PerturbationSchedule s = parse(EXAMPLE);
    List<FaultWindow> w = s.windows();
    assertEquals(3, w.size());
    assertEquals(OptionalLong.of(30_000), w.get(0).endMs(), "a kill lasts until the restart");
    assertEquals(Set.of(2), w.get(0).affected());
    assertEquals(OptionalLong.of(48_000), w.get(1).endMs());
    assertEquals(OptionalLong.of(65_000), w.get(2).endMs(), "a partition with a duration heals itself");
    assertEquals(Set.of(0, 1, 2, 3), w.get(2).affected());
    assertEquals(70_000, s.lastEndMs(), "the heal entry is the last thing to happen");
    assertEquals(Set.of(), s.killedAtEnd());
  }

  @Test
  void aNodeLeftKilledHasAWindowWithoutEnd() {
    PerturbationSchedule s = parse("kill:node-3@20s");
    assertEquals(OptionalLong.empty(), s.windows().get(0).endMs());
    assertEquals(Set.of(3), s.killedAtEnd());
    assertEquals(20_000, s.lastEndMs());
    assertFalse(s.partitions());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = ';', value = {
      "'';empty schedule",
      "kill:node-4@20s;node-4 does not exist",
      "kill:node-x@20s;is not a node",
      "explode:node-1@20s;unknown perturbation",
      "kill:node-1;cannot read",
      "kill:node-1@20h;is not a time",
      "kill:node-1@90s;does not end within the run",
      "pause:node-1@80s+10s;does not end within the run",
      "pause:node-1@20s;a pause needs +DURATION",
      "kill:node-1@20s+5s;only pause and partition take +DURATION",
      "pause:node-1@20s+0s;more than 0",
      "restart:node-1@20s;is not killed then",
      "kill:node-1@20s,kill:node-1@30s;already killed",
      "kill:node-1@20s,pause:node-1@30s+5s;already killed",
      "pause:node-1@20s+20s,pause:node-1@30s+5s;already paused",
      "pause:node-1@20s+20s,kill:node-1@30s;already paused",
      "partition:{0,1}|{2,3}@20s,partition:{0}|{1,2,3}@30s;already partitioned",
      "heal@20s;nothing to heal",
      "heal@20s,partition:{0,1}|{2,3}@30s+5s;nothing to heal",
      "partition:{0,1}|{2,3}@20s+30s,heal@30s;heals itself",
      "partition:{0,1}|{1,2,3}@20s;is in two groups",
      "partition:{0,1}|{2}@20s;missing node-3",
      "partition:{0,1,2,3}@20s;at least two groups",
      "partition:{0,1}|{2,3@20s;not closed",
      "partition:{0,{1}}|{2,3}@20s;unbalanced braces",
      "heal:node-1@20s;heal takes no target"})
  void refusesWithAMessageThatSaysWhy(String spec, String reason) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(spec));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void boundsWhatItReads() {
    String huge = "kill:node-1@1s,restart:node-1@2s,".repeat(40);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(huge)).getMessage().contains("longer than"));
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 26; i++) {
      many.append("kill:1@").append(2 * i + 1).append("s,restart:1@").append(2 * i + 2).append("s,");
    }
    String manyEntries = many.substring(0, many.length() - 1);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> parse(manyEntries)).getMessage()
        .contains("more than 50 entries"));
  }
}
