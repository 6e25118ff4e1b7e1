package org.lpos.node.cli;

import java.nio.file.Path;

/** The senate drawn from a chain file of the original prototype. */
final class LegacySenateSource {
  private LegacySenateSource() {}

  static ChainSenateCommand.DrawnSenate draw(String chain, Path membersFile, int seats) {
    throw new UserInputException("--legacy is not available in this build");
  }
}
