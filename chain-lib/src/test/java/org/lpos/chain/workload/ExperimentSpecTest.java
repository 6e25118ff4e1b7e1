package org.lpos.chain.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lpos.proto.v1.Experiment;

/** The one workload definition: names, parameters and the rates the original defines. */
class ExperimentSpecTest {
  /** The rates of ORIGINAL.md, per sending node. */
  @ParameterizedTest
  @CsvSource({
    "bootstrap-only,,1.0", "tx-rate,5,5.0", "tx-rate-random,2.5,2.5", "tx-n-outputs,20,0.2222222222222222",
    "load-rate,200,200.0"})
  void rates(String name, String param, double perSecond) {
    ExperimentSpec spec = ExperimentSpec.parse(name, Optional.ofNullable(param));
    assertEquals(perSecond, spec.txPerSecondPerSender(), 1e-12);
    // The schedule keeps the rate exactly over a long run: an hour holds 3600 x R transactions.
    double dueInAnHour = spec.dueBy(0, 3_600_000);
    assertEquals(Math.floor(3_600 * perSecond) + 1, dueInAnHour, 1.0);
  }

  @Test
  void theOriginalsExperimentsAreSentBySenatorsOnlyAndTheBenchmarksByEveryNode() {
    for (String name : List.of("bootstrap-only", "tx-rate", "tx-rate-random", "tx-n-outputs")) {
      ExperimentSpec spec = ExperimentSpec.parse(name, Optional.of("1"));
      assertTrue(spec.original() && spec.onlySenatorsSend(), name);
      assertEquals(4, spec.senders(10, 4), name);
    }
    for (String name : List.of("load-rate", "load-closed")) {
      ExperimentSpec spec = ExperimentSpec.parse(name, Optional.of("1"));
      assertFalse(spec.onlySenatorsSend(), name);
      assertEquals(10, spec.senders(10, 4), name);
    }
  }

  @Test
  void offeredLoadOfTxNOutputs() {
    ExperimentSpec spec = ExperimentSpec.parse("tx-n-outputs", Optional.of("20"));
    assertEquals(4 / 4.5, spec.offeredTxPerS(10, 4), 1e-12);
    assertTrue(Double.isNaN(ExperimentSpec.parse("load-closed", Optional.empty()).offeredTxPerS(4, 4)));
  }

  @Test
  void dueTimesAreTheMultiplesOfTheInterval() {
    ExperimentSpec spec = ExperimentSpec.parse("tx-rate", Optional.of("3"));
    assertEquals(1_000, spec.dueAtMs(1_000, 0));
    assertEquals(1_333, spec.dueAtMs(1_000, 1));
    assertEquals(2_000, spec.dueAtMs(1_000, 3));
    assertEquals(0, spec.dueBy(1_000, 999));
    assertEquals(1, spec.dueBy(1_000, 1_000));
    assertEquals(4, spec.dueBy(1_000, 2_000));
  }

  @Test
  void namesAndDefaults() {
    assertEquals(List.of("bootstrap-only", "tx-rate", "tx-rate-random", "tx-n-outputs", "load-rate", "load-closed"),
        ExperimentSpec.names());
    assertEquals(Experiment.EXPERIMENT_TX_N_OUTPUTS, ExperimentSpec.experiment("tx-n-outputs"));
    assertEquals("bootstrap-only", ExperimentSpec.parse("bootstrap-only", Optional.empty()).toString());
    assertEquals("load-closed 16", ExperimentSpec.parse("load-closed", Optional.empty()).toString());
    assertEquals("tx-n-outputs 20", ExperimentSpec.parse("tx-n-outputs", Optional.of("20")).toString());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "tx_rate|1|unknown experiment 'tx_rate'", "tx-rate||tx-rate needs a parameter", "tx-rate|0|rate R",
    "tx-rate|1e9|rate R", "tx-n-outputs|1.5|whole number", "tx-n-outputs|1001|whole number",
    "load-closed|0|whole number", "tx-rate|NaN|finite", "tx-rate|x|must be a number", "tx-rate|-1|finite"})
  void refusesNonsense(String name, String param, String expected) {
    var e = assertThrows(IllegalArgumentException.class, () -> ExperimentSpec.parse(name, Optional.ofNullable(param)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void refusesTheUnspecifiedValueOfTheWire() {
    assertThrows(IllegalArgumentException.class, () -> new ExperimentSpec(Experiment.EXPERIMENT_UNSPECIFIED, 1));
    assertThrows(IllegalArgumentException.class, () -> new ExperimentSpec(Experiment.UNRECOGNIZED, 1));
  }
}
