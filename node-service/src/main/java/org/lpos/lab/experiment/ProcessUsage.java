package org.lpos.lab.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * CPU time and peak resident memory of a running process, read from Linux's {@code /proc/PID/stat}
 * (user + system time) and {@code /proc/PID/status} ({@code VmHWM}). Both vanish when the process
 * exits, so a runner samples them just before it stops its processes.
 *
 * @param cpuSeconds user plus system CPU time so far
 * @param peakRssKb the most resident memory the process has held, KiB
 */
public record ProcessUsage(double cpuSeconds, long peakRssKb) {
  /**
   * Clock ticks per second of {@code /proc/PID/stat}: the kernel reports times in USER_HZ, which
   * is 100 on every architecture Linux exports to user space.
   */
  static final double TICKS_PER_SECOND = 100;

  /** The usage of process {@code pid}, or empty when it has exited or there is no {@code /proc}. */
  public static Optional<ProcessUsage> of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.US_ASCII);
      String status = Files.readString(proc.resolve("status"), StandardCharsets.US_ASCII);
      return Optional.of(new ProcessUsage(cpuSecondsOf(stat), peakRssKbOf(status)));
    } catch (IOException | IllegalArgumentException gone) {
      return Optional.empty();
    }
  }

  /**
   * User plus system time from a {@code stat} line. The command name (field 2) is in parentheses
   * and may itself hold spaces or parentheses, so fields are counted after the last ')'.
   */
  static double cpuSecondsOf(String stat) {
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      throw new IllegalArgumentException("not a /proc/PID/stat line");
    }
    String[] f = stat.substring(close + 2).trim().split("\\s+");
    // After the name: f[0] is field 3 (state), so utime (field 14) is f[11] and stime (15) is f[12].
    if (f.length < 13) {
      throw new IllegalArgumentException("short /proc/PID/stat line");
    }
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
  }

  /** {@code VmHWM} in KiB from a {@code status} file. */
  static long peakRssKbOf(String status) {
    for (String line : status.split("\n")) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.substring("VmHWM:".length()).replace("kB", "").trim());
      }
    }
    throw new IllegalArgumentException("no VmHWM line");
  }
}
