package org.lpos.lab.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the nodes' {@code evidence.csv} files (one line per equivocation a node saw: {@code
 * time_ms,signer,type,height,round}) and counts the distinct equivocations among them: two honest
 * nodes that saw the same conflicting votes are one equivocation, not two.
 */
public final class EvidenceFiles {
  /** The file a node writes in its directory. */
  public static final String FILE = "evidence.csv";

  private EvidenceFiles() {}

  /**
   * Distinct (height, round, signer, vote type) lines across {@code nodeDirs}; a missing file is a
   * node that saw none, and a line being written (too few fields) is left out.
   */
  public static long distinctEquivocations(List<Path> nodeDirs) {
    Set<List<String>> seen = new HashSet<>();
    for (Path dir : nodeDirs) {
      Path file = dir.resolve(FILE);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      for (String line : lines) {
        String[] f = line.strip().split(",");
        if (f.length == 5 && !f[0].equals("time_ms")) {
          seen.add(List.of(f[3], f[4], f[1], f[2]));
        }
      }
    }
    return seen.size();
  }
}
