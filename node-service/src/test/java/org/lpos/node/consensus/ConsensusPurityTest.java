package org.lpos.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The consensus package stays a pure state machine: no threads, sockets, clocks, unseeded
 * randomness, I/O or gRPC in its sources (ARCHITECTURE "a pure core with a thin shell").
 */
class ConsensusPurityTest {
  private static final Path SOURCES = Path.of("src", "main", "java", "org", "lpos", "node", "consensus");

  private static final Pattern FORBIDDEN = Pattern.compile(String.join("|",
      "import java\\.net\\.", "import java\\.nio\\.", "import java\\.io\\.", "import java\\.time\\.",
      "import java\\.util\\.concurrent", "import java\\.util\\.Random", "import java\\.security\\.SecureRandom",
      "import io\\.grpc\\.", "import io\\.netty\\.", "import io\\.micrometer\\.", "import org\\.rocksdb\\.",
      "Thread\\b", "System\\.currentTimeMillis", "System\\.nanoTime", "Instant\\.now", "new Random\\(",
      "Math\\.random", "synchronized", "ExecutorService", "CompletableFuture"));

  @Test
  void noClockThreadSocketOrRandomnessInTheCore() throws IOException {
    List<String> hits = new ArrayList<>();
    int files = 0;
    try (Stream<Path> paths = Files.list(SOURCES)) {
      for (Path p : paths.filter(f -> f.toString().endsWith(".java")).toList()) {
        files++;
        List<String> lines = Files.readAllLines(p);
        for (int i = 0; i < lines.size(); i++) {
          if (FORBIDDEN.matcher(lines.get(i)).find()) {
            hits.add(p.getFileName() + ":" + (i + 1) + ": " + lines.get(i).trim());
          }
        }
      }
    }
    assertTrue(files >= 10, "the scan must see the package's sources, saw " + files);
    assertEquals(List.of(), hits);
  }

  @Test
  void theScanCatchesAForbiddenLine() {
    assertTrue(FORBIDDEN.matcher("    long t = System.currentTimeMillis();").find());
    assertTrue(FORBIDDEN.matcher("import java.util.concurrent.Executors;").find());
  }
}
