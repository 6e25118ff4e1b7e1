package org.lpos.node.sim;

import java.util.Locale;

/** How the Byzantine members of a simulation misbehave (they are the first T members). */
public enum ByzantineMode {
  /** A proposer sends two different valid blocks to two halves of the senate; a senator sends conflicting votes. */
  EQUIVOCATE,
  /** Sends nothing at all. */
  SILENT,
  /** Sends proposals, votes, tickets and blocks with bad signatures, and invalid transactions. */
  INVALID,
  /** Floods duplicates and junk messages besides its honest traffic. */
  SPAM;

  /** The name on the command line. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The mode named {@code name} on the command line. */
  public static ByzantineMode parse(String name) {
    for (ByzantineMode m : values()) {
      if (m.cliName().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown Byzantine mode '" + name + "' (equivocate, silent, invalid, spam)");
  }
}
