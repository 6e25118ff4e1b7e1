package org.lpos.lab.byzantine;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the Byzantine members of a simulation misbehave (they are the first T members). */
public enum ByzantineMode {
  /** A proposer sends two different valid blocks to two halves of the senate; a senator sends conflicting votes. */
  EQUIVOCATE,
  /** Sends nothing at all. */
  SILENT,
  /** Sends proposals, votes, tickets and blocks with bad signatures, and invalid transactions. */
  INVALID,
  /** Floods duplicates and junk messages besides its honest traffic. */
  SPAM,
  /**
   * Besides its honest traffic, tells every node again and again that it is far ahead: statuses of
   * a height far above the tip, and badly signed votes and proposals of far, next and current heights.
   */
  LIE_HEIGHT,
  /**
   * Besides its honest traffic, fills every node's buffer of next-height messages: its own signed
   * votes of many rounds, tickets, and junk-signed votes of random signers.
   */
  FLOOD_NEXT,
  /**
   * Besides its honest traffic, runs phantom peers whose keys hold no stake: they send statuses of
   * far heights, votes, proposals and tickets signed by their own keys, block requests and garbage.
   */
  NON_MEMBER,
  /**
   * Silent members, and a crash pattern aimed at the amnesia fork: at some heights every honest
   * senator crashes right after it sends its precommit for a block, and the node that collects the
   * precommit quorum first is cut off from everyone, so its commit does not leave it until later.
   */
  AMNESIA,
  /**
   * Votes honestly but grinds the leader selection to raise the Byzantine members' seats in later
   * senates, with {@code --grind-tries K} alternatives: with the director lottery, ground tickets
   * and a proposer that picks the ticket; with the VRF lottery, a proposer that withholds a
   * proposal whose VRF output would seed a senate poor in Byzantine seats. Everything it sends is
   * valid (see {@link org.lpos.lab.grind.GrindingAdversary}).
   */
  GRIND;

  /** The name on the command line. */
  public String cliName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Every name on the command line, comma separated. */
  public static String cliNames() {
    return Arrays.stream(values()).map(ByzantineMode::cliName).collect(Collectors.joining(", "));
  }

  /** The mode named {@code name} on the command line. */
  public static ByzantineMode parse(String name) {
    for (ByzantineMode m : values()) {
      if (m.cliName().equals(name)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown Byzantine mode '" + name + "' (" + cliNames() + ")");
  }
}
