package org.lpos.chain.legacy;

import java.util.List;

/**
 * A legacy chain file after decoding and before any verification: its blocks in file order, and
 * the problems that stopped the file itself from being read (not JSON, not an array).
 */
public record LegacyChainFile(List<LegacyBlockEntry> blocks, List<LegacyProblem> problems) {
  /** Copies the lists. */
  public LegacyChainFile {
    blocks = List.copyOf(blocks);
    problems = List.copyOf(problems);
  }
}
