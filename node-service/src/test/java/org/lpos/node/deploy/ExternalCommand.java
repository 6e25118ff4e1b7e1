package org.lpos.node.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One run of an external program (kubectl, npm, node) with its output captured in files, so a
 * chatty program never blocks on a full pipe; killed with its children if it outlives its time.
 */
record ExternalCommand(List<String> command, int exitCode, String out, String err) {
  /** The executable {@code name} on the PATH, if there is one. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** Runs {@code command} in {@code dir} and waits at most {@code timeout} for it. */
  static ExternalCommand run(List<String> command, Path dir, Duration timeout) throws IOException, InterruptedException {
    Path out = Files.createTempFile("lpos-cmd", ".out");
    Path err = Files.createTempFile("lpos-cmd", ".err");
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile())
          .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor();
        throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
      }
      return new ExternalCommand(command, p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Fails with the program's output unless it exited with 0. */
  ExternalCommand requireSuccess() {
    if (exitCode != 0) {
      throw new AssertionError(String.join(" ", command) + " exited with " + exitCode + "\n" + err + out);
    }
    return this;
  }
}
