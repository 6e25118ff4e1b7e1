package org.lpos.node.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/**
 * Where the project's shipped files are: {@code $LPOS_HOME} (set by the {@code ./lpos} launcher)
 * or the working directory. Resolves the shipped chain names {@code genic}, {@code 10_rich_man}
 * and {@code 100_rich_man} to their files, as the original's {@code --chain} option did.
 */
public final class ProjectPaths {
  public static final Set<String> SHIPPED_CHAINS = Set.of("genic", "10_rich_man", "100_rich_man");

  private ProjectPaths() {}

  public static Path home() {
    String home = System.getenv("LPOS_HOME");
    return home == null || home.isBlank() ? Path.of("") : Path.of(home);
  }

  /** A fresh output directory name under {@code out/}, e.g. {@code out/demo-20261123-231502}. */
  public static Path timestampedOutput(String prefix) {
    return home().resolve("out").resolve(prefix + "-" + LocalDateTime.now(ZoneId.systemDefault()).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
  }

  public static Path dataDir() {
    return home().resolve("data");
  }

  /** A chain argument: a shipped chain's name or a path. */
  public static Path chain(String nameOrPath) {
    if (SHIPPED_CHAINS.contains(nameOrPath) && !Files.exists(Path.of(nameOrPath))) {
      return dataDir().resolve("chain_" + nameOrPath + ".json");
    }
    return Path.of(nameOrPath);
  }

  /** The members file next to a chain file, if there is one. */
  public static Path membersBeside(Path chainFile) {
    Path dir = chainFile.toAbsolutePath().getParent();
    return dir == null ? null : dir.resolve("members.json");
  }
}
