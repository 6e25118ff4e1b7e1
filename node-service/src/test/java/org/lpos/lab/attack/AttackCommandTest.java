package org.lpos.lab.attack;

import org.lpos.node.cli.ExitCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.lpos.cli.LposCli;

/** {@code lpos attack}: the list, the help, and refusals of bad input before any connection. */
class AttackCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return LposCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void listNamesEveryAttackWithItsDescription() {
    assertEquals(0, run("attack", "list"));
    for (Attack a : AttackCatalog.all()) {
      assertTrue(out.toString().contains(a.name() + " "), a.name() + " missing from: " + out);
      assertTrue(out.toString().contains(a.description()), out.toString());
    }
  }

  @Test
  void helpListsTheAttackNames() {
    assertEquals(0, run("attack", "--help"));
    AttackCatalog.all().forEach(a -> assertTrue(out.toString().contains(a.name()), out.toString()));
  }

  @Test
  void anUnknownAttackIsBadInput() {
    assertEquals(ExitCodes.BAD_INPUT, run("attack", "no-such-attack", "--node", "127.0.0.1:1"));
    assertTrue(err.toString().contains("no attack named no-such-attack"), err.toString());
  }

  @Test
  void anAttackNeedsANodeAndAValidTlsSetting() {
    assertEquals(ExitCodes.BAD_INPUT, run("attack", "tx-flood"));
    assertEquals(ExitCodes.BAD_INPUT, run("attack", "tx-flood", "--node", "127.0.0.1:1", "--tls=maybe"));
    assertTrue(err.toString().contains("--tls is on or off"), err.toString());
  }

  @Test
  void namesAreUnique() {
    assertEquals(AttackCatalog.all().size(), AttackCatalog.all().stream().map(Attack::name).distinct().count());
  }
}
