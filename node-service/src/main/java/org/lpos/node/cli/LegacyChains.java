package org.lpos.node.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lpos.chain.legacy.LegacyChainReport;
import org.lpos.chain.legacy.LegacyChainVerifier;
import org.lpos.chain.legacy.LegacyMembers;
import org.lpos.chain.senate.Senate;

/**
 * Chain and members files of the original prototype for the chain commands. The shipped names
 * {@code genic}, {@code 10_rich_man} and {@code 100_rich_man} mean the files in {@code data/legacy/}.
 */
final class LegacyChains {
  private LegacyChains() {}

  /** The path of a legacy chain named by a shipped name or a path; fails if it does not exist. */
  static Path path(String nameOrPath) {
    Path path = ProjectPaths.SHIPPED_CHAINS.contains(nameOrPath) && !Files.exists(Path.of(nameOrPath))
        ? ProjectPaths.dataDir().resolve("legacy").resolve("chain_" + nameOrPath + ".json")
        : Path.of(nameOrPath);
    if (!Files.isRegularFile(path)) {
      throw new UserInputException(path + ": no such file");
    }
    return path;
  }

  /** Reads and verifies a legacy chain. */
  static LegacyChainReport verify(Path path) {
    return LegacyChainVerifier.verify(path);
  }

  /** The senate of the next height of a verified legacy chain, its members named. */
  static ChainSenateCommand.DrawnSenate senate(String chain, Path membersFile, int seats) {
    if (seats < 1) {
      throw new UserInputException("--seats must be at least 1");
    }
    Path path = path(chain);
    LegacyChainReport report = verify(path);
    if (!report.isValid()) {
      throw new UserInputException(path + " does not verify (" + report.problems().size()
          + " problems; run: lpos chain verify --legacy " + path + "): " + report.problems().get(0));
    }
    Senate senate = report.nextSenate(seats)
        .orElseThrow(() -> new UserInputException(path + ": no stake to draw a senate from"));
    return new ChainSenateCommand.DrawnSenate(senate, members(membersFile, path));
  }

  private static MemberDirectory members(Path membersFile, Path chainFile) {
    Path file = membersFile != null ? membersFile : ProjectPaths.membersBeside(chainFile);
    if (file == null || (membersFile == null && !Files.exists(file))) {
      return MemberDirectory.empty();
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read: " + e.getMessage());
    }
    LegacyMembers.Reading reading = LegacyMembers.read(text);
    if (reading instanceof LegacyMembers.Reading.Rejected rejected) {
      throw new UserInputException(file + ": not a members file of the original: " + rejected.problem());
    }
    LegacyMembers members = ((LegacyMembers.Reading.Loaded) reading).members();
    return MemberDirectory.of(members.all().stream().map(m -> m.verifyKey()).toList());
  }
}
