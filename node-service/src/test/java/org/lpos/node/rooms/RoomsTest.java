package org.lpos.node.rooms;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import org.lpos.node.runtime.RuntimeClassHoldingCode;

/**
 * The rooms of node-service (docs/ARCHITECTURE.md): what a production node runs
 * ({@code org.lpos.node..}) never depends on what measures and exercises it
 * ({@code org.lpos.lab..}) nor on the launcher that joins both ({@code org.lpos.cli}); the lab
 * never depends on the launcher; and the consensus core depends on no part of the shell.
 */
class RoomsTest {
  /** The node never reaches into the lab or the launcher. */
  static final ArchRule NODE_IMPORTS_NO_LAB = noClasses().that().resideInAPackage("org.lpos.node..")
      .should().dependOnClassesThat().resideInAnyPackage("org.lpos.lab..", "org.lpos.cli..")
      .because("a production node must run without the simulator, experiments, demo, load generators and attacks");

  /** The lab uses the node, never the launcher. */
  static final ArchRule LAB_IMPORTS_NO_LAUNCHER = noClasses().that().resideInAPackage("org.lpos.lab..")
      .should().dependOnClassesThat().resideInAPackage("org.lpos.cli..")
      .because("only the launcher sees both rooms");

  /** The core stays pure: no transport, storage, threads of the shell, metrics or API. */
  static final ArchRule CORE_IMPORTS_NO_SHELL = noClasses().that().resideInAPackage("org.lpos.node.consensus..")
      .should().dependOnClassesThat().resideInAnyPackage("org.lpos.node.net..", "org.lpos.node.server..",
          "org.lpos.node.runtime..", "org.lpos.node.store..", "org.lpos.node.api..", "org.lpos.node.metrics..",
          "org.lpos.node.cli..", "io.grpc..", "io.netty..", "io.micrometer..", "org.rocksdb..")
      .because("the consensus core is a deterministic state machine; the shell drives it");

  /** The driver's queues and lanes hold records, never code (issue 16: a driver of events, not closures). */
  static final ArchRule RUNTIME_HOLDS_NO_CODE = noFields().that().areDeclaredInClassesThat()
      .resideInAPackage("org.lpos.node.runtime..").should().haveRawType(Runnable.class)
      .because("what the consensus thread can be asked to do is the closed list of DriverInput records");

  private static final JavaClasses PRODUCTION = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("org.lpos");

  @Test
  void theNodeDoesNotImportTheLab() {
    NODE_IMPORTS_NO_LAB.check(PRODUCTION);
  }

  @Test
  void theLabDoesNotImportTheLauncher() {
    LAB_IMPORTS_NO_LAUNCHER.check(PRODUCTION);
  }

  @Test
  void theCoreDoesNotImportTheShell() {
    CORE_IMPORTS_NO_SHELL.check(PRODUCTION);
  }

  @Test
  void theRuntimeHoldsNoCode() {
    RUNTIME_HOLDS_NO_CODE.check(PRODUCTION);
  }

  @Test
  void theRuntimeRuleFailsForAQueuedClosure() {
    JavaClasses offender = new ClassFileImporter().importClasses(RuntimeClassHoldingCode.class);
    EvaluationResult result = RUNTIME_HOLDS_NO_CODE.evaluate(offender);
    assertTrue(result.hasViolation(), "the rule must catch a runtime class that holds a Runnable");
  }

  @Test
  void theRuleFailsForANodeClassThatImportsTheLab() {
    JavaClasses offender = new ClassFileImporter().importClasses(NodeClassImportingTheLab.class);
    EvaluationResult result = NODE_IMPORTS_NO_LAB.evaluate(offender);
    assertTrue(result.hasViolation(), "the rule must catch a node class that uses the simulator");
    assertTrue(result.getFailureReport().toString().contains("org.lpos.lab.sim.SimulationConfig"),
        result.getFailureReport().toString());
  }

  @Test
  void theRulesSeeTheWholeProduct() {
    // An empty import would let every rule pass: the node, the lab and the launcher must be in it.
    for (String room : new String[] {"org.lpos.node.consensus", "org.lpos.lab.sim", "org.lpos.cli"}) {
      assertFalse(PRODUCTION.stream().noneMatch(c -> c.getPackageName().equals(room)), room + " not imported");
    }
  }
}
