package org.lpos.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.proto.v1.Experiment;
import org.lpos.proto.v1.Instruction;

class DiscoveryConfigTest {

  private static DiscoveryConfig config(int n, int t, int m, int l) {
    return new DiscoveryConfig("0.0.0.0", 8123, Optional.of(new ExperimentSize(n, t, m)), l,
        Path.of("m.json"), 0, 30, Optional.empty(), Optional.empty(), OptionalLong.empty(), 120,
        Verbosity.QUIET, DiscoveryLimits.defaults());
  }

  /** -n 4 -t 1 -m 2 (when {@code sized}), the given instruction and start deadline. */
  private static DiscoveryConfig config(
      boolean sized, Optional<InstructionPlan> instruction, int startDeadlineSeconds) {
    return new DiscoveryConfig("0.0.0.0", 8123,
        sized ? Optional.of(new ExperimentSize(4, 1, 2)) : Optional.empty(), 0, Path.of("m.json"), 0,
        30, Optional.empty(), instruction, OptionalLong.empty(), startDeadlineSeconds,
        Verbosity.QUIET, DiscoveryLimits.defaults());
  }

  private static final Optional<InstructionPlan> TX_RATE =
      Optional.of(InstructionPlan.parse("5", "tx-rate", "2"));

  @ParameterizedTest
  @CsvSource({"1,0", "4,0", "4,1", "7,2", "10,3", "100,33"})
  void toleratesUpToAThirdByzantine(int n, int t) {
    assertEquals(t, config(n, t, 1, 0).size().orElseThrow().byzantine());
  }

  @ParameterizedTest
  @CsvSource({"1,1", "4,2", "6,2", "10,4", "4,-1"})
  void refusesMoreThanFloorOfNMinusOneOverThree(int n, int t) {
    var e = assertThrows(IllegalArgumentException.class, () -> config(n, t, 1, 0));
    assertTrue(e.getMessage().startsWith("-t " + t), e.getMessage());
    assertTrue(e.getMessage().contains("floor((N-1)/3) = " + (n - 1) / 3), e.getMessage());
  }

  @Test
  void refusesOtherBadNumbersNamingTheOption() {
    assertMessage("-n", () -> config(0, 0, 1, 0));
    assertMessage("--start-deadline-seconds must be >= 0 (0 = no deadline), got -1",
        () -> config(true, TX_RATE, -1));
    assertMessage("--inst needs -n, -t and -m", () -> config(false, TX_RATE, 120));
    assertMessage("-m", () -> config(4, 1, 0, 0));
    assertMessage("-l", () -> config(4, 1, 1, -1));
    assertMessage("-m 5 exceeds -l 4", () -> config(4, 1, 5, 4));
    assertMessage("--port", () -> new DiscoveryConfig("h", 70000, Optional.empty(), 0, Path.of("m"), 0,
        30, Optional.empty(), Optional.empty(), OptionalLong.empty(), 120, Verbosity.QUIET,
        DiscoveryLimits.defaults()));
    assertMessage("--fan-out", () -> new DiscoveryConfig("h", 1, Optional.empty(), 0, Path.of("m"), -1,
        30, Optional.empty(), Optional.empty(), OptionalLong.empty(), 120, Verbosity.QUIET,
        DiscoveryLimits.defaults()));
    assertMessage("--fan-out must be 0-100", () -> new DiscoveryConfig("h", 1, Optional.empty(), 0, Path.of("m"),
        101, 30, Optional.empty(), Optional.empty(), OptionalLong.empty(), 120, Verbosity.QUIET,
        DiscoveryLimits.defaults()));
    assertMessage("--max-names", () -> new DiscoveryLimits(0, 1, 1, 1));
    assertMessage("--max-names-per-source", () -> new DiscoveryLimits(1, 0, 1, 1));
    assertMessage("--registrations-per-second", () -> new DiscoveryLimits(1, 1, 0, 1));
    assertMessage("--max-clock-skew-seconds", () -> new DiscoveryLimits(1, 1, 1, 0));
    assertMessage("--lease-seconds", () -> new DiscoveryConfig("h", 1, Optional.empty(), 0, Path.of("m"),
        0, 0, Optional.empty(), Optional.empty(), OptionalLong.empty(), 120, Verbosity.QUIET,
        DiscoveryLimits.defaults()));
    assertMessage("--timeout", () -> new DiscoveryConfig("h", 1, Optional.empty(), 0, Path.of("m"), 0,
        30, Optional.empty(), Optional.empty(), OptionalLong.of(0), 120, Verbosity.QUIET,
        DiscoveryLimits.defaults()));
  }

  @Test
  void theSummaryRecordsNAndT() {
    String summary = config(7, 2, 3, 0).summary();
    assertTrue(summary.startsWith("n=7 t=2 m=3 l=0 "), summary);
  }

  @Test
  void withoutNTAndMTheServerOnlyRegistersAndHasNoDeadline() {
    DiscoveryConfig bare = config(false, Optional.empty(), 120);
    assertEquals(0, bare.expected());
    assertEquals(OptionalLong.empty(), bare.startDeadlineMillis());
    assertTrue(bare.summary().startsWith("n=none t=none m=none l=0 "), bare.summary());
  }

  @Test
  void theStartDeadlineAppliesWhileAnInstructionWaitsAndZeroMeansNone() {
    assertEquals(OptionalLong.of(120_000), config(true, TX_RATE, 120).startDeadlineMillis());
    assertEquals(OptionalLong.of(1_000), config(true, TX_RATE, 1).startDeadlineMillis());
    assertEquals(OptionalLong.empty(), config(true, TX_RATE, 0).startDeadlineMillis());
    // As the original: without an instruction nothing waits for M, so nothing can be late.
    assertEquals(OptionalLong.empty(), config(true, Optional.empty(), 120).startDeadlineMillis());
    assertTrue(config(true, TX_RATE, 0).summary().contains(" start_deadline_seconds=0 "));
  }

  @ParameterizedTest
  @CsvSource({
    "0,bootstrap-only,0", "5,tx-rate,2.5", "1,tx-rate-random,100", "3,tx-n-outputs,4"})
  void parsesInstructions(String delay, String experiment, String param) {
    Instruction instruction = InstructionPlan.parse(delay, experiment, param).toProto();
    assertEquals(Integer.parseInt(delay), instruction.getDelaySeconds());
    assertEquals(ExperimentSpec.experiment(experiment), instruction.getExperiment());
    assertEquals(experiment, ExperimentSpec.cliName(instruction.getExperiment()));
    assertEquals(Double.parseDouble(param), instruction.getParam());
  }

  /** The original's {@code --inst 5 bootstrap-only}: an experiment without a parameter needs none. */
  @Test
  void theParameterMayBeOmittedWhereTheExperimentHasNone() {
    Instruction instruction = InstructionPlan.parse("5", "bootstrap-only", Optional.empty()).toProto();
    assertEquals(Experiment.EXPERIMENT_BOOTSTRAP_ONLY, instruction.getExperiment());
    assertEquals(5, instruction.getDelaySeconds());
    assertEquals(ExperimentSpec.DEFAULT_WINDOW,
        InstructionPlan.parse("0", "load-closed", Optional.empty()).toProto().getParam());
    var e = assertThrows(IllegalArgumentException.class,
        () -> InstructionPlan.parse("5", "tx-rate", Optional.empty()));
    assertTrue(e.getMessage().startsWith("--inst: tx-rate needs a parameter"), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "x,tx-rate,1,DELAY", "-1,tx-rate,1,DELAY", "4294967296,tx-rate,1,DELAY",
    "1,tx_rate,1,unknown experiment 'tx_rate'", "1,tx-rate,0,rate R",
    "1,tx-rate-random,-3,parameter must be a finite number", "1,tx-n-outputs,1.5,whole number",
    "1,tx-n-outputs,0,whole number of outputs K", "1,tx-rate,NaN,parameter must be a finite number",
    "1,tx-rate,abc,parameter must be a number", "1,load-closed,0,whole number of outstanding"})
  void refusesBadInstructions(String delay, String experiment, String param, String expected) {
    var e = assertThrows(IllegalArgumentException.class,
        () -> InstructionPlan.parse(delay, experiment, param));
    assertTrue(e.getMessage().startsWith("--inst: "), e.getMessage());
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  private static void assertMessage(String expected, Runnable construct) {
    var e = assertThrows(IllegalArgumentException.class, construct::run);
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}
