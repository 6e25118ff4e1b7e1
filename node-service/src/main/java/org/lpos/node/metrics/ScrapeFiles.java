package org.lpos.node.metrics;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * A ready-to-run Prometheus directory for a local network: copies of the shipped
 * {@code config/monitoring/prometheus.yml} and {@code alerts.yml}, and the file_sd target files
 * that shipped configuration reads ({@code targets/nodes.json}, {@code targets/discovery.json})
 * naming the metrics ports actually in use. The scrape configuration itself is never rewritten,
 * so what runs is what ships.
 */
public final class ScrapeFiles {
  /** The shipped files copied next to the targets. */
  public static final List<String> SHIPPED = List.of("prometheus.yml", "alerts.yml");

  private ScrapeFiles() {}

  /**
   * Writes the directory.
   *
   * @param shipped the project's {@code config/monitoring} directory
   * @param dir where to write (created if needed)
   * @param discovery the discovery service's metrics address ({@code host:port}), or null
   * @param nodes the nodes' metrics addresses
   * @return the {@code prometheus.yml} to pass to {@code --config.file}
   */
  public static Path write(Path shipped, Path dir, String discovery, List<String> nodes) throws IOException {
    Files.createDirectories(dir.resolve("targets"));
    for (String name : SHIPPED) {
      Files.copy(shipped.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }
    writeTargets(dir.resolve("targets/nodes.json"), nodes);
    writeTargets(dir.resolve("targets/discovery.json"), discovery == null ? List.of() : List.of(discovery));
    return dir.resolve("prometheus.yml");
  }

  private static void writeTargets(Path file, List<String> targets) throws IOException {
    String json = new GsonBuilder().setPrettyPrinting().create().toJson(List.of(Map.of("targets", targets)));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, json + "\n", StandardCharsets.UTF_8);
    // Prometheus watches the directory: it must never read a half-written file.
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
