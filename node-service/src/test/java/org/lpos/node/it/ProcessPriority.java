package org.lpos.node.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Sets the CPU priority (nice value) of every thread of a running process, with {@code renice}.
 * On Linux a nice value belongs to a thread, and {@code renice -p PID} changes only the main one,
 * so each task under {@code /proc/PID/task} is named; threads started later inherit the value of
 * the thread that starts them. Best effort: raising priority back needs root (CI runs as root),
 * and where {@code renice} is missing or refused the process keeps the priority it has, which
 * only changes how long a test takes, not what it asserts.
 */
final class ProcessPriority {
  /** The lowest priority: the process runs when nothing else wants the cores. */
  static final int LOWEST = 19;
  /** The default priority. */
  static final int NORMAL = 0;

  private ProcessPriority() {}

  /** Sets nice value {@code nice} on every thread of {@code process}; true if renice succeeded. */
  static boolean renice(Process process, int nice) {
    List<String> command = new ArrayList<>(List.of("renice", "-n", Integer.toString(nice), "-p"));
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
      tasks.map(t -> t.getFileName().toString()).forEach(command::add);
    } catch (IOException | RuntimeException gone) {
      return false;
    }
    try {
      Process renice = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return renice.waitFor(10, TimeUnit.SECONDS) && renice.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
