package org.lpos.lab.experiment;

import java.util.Locale;

/**
 * The progress line of a series of runs: a bar of runs done out of the total and the time left,
 * estimated from the runs finished so far (before the first one, from the planned length of a
 * run). Not thread-safe: one runner owns it.
 */
public final class ProgressBar {
  private static final int WIDTH = 20;

  private final int total;
  private final long plannedRunMs;
  private int done;
  private long finishedMs;

  /** A bar for {@code total} runs, each planned to take about {@code plannedRunMs}. */
  public ProgressBar(int total, long plannedRunMs) {
    if (total < 1 || plannedRunMs < 0) {
      throw new IllegalArgumentException("a progress bar needs at least one run and a planned length");
    }
    this.total = total;
    this.plannedRunMs = plannedRunMs;
  }

  /** Records that a run finished after {@code wallMs}. */
  public void finished(long wallMs) {
    done = Math.min(total, done + 1);
    finishedMs += Math.max(0, wallMs);
  }

  /** Runs finished. */
  public int done() {
    return done;
  }

  /** Time left, given that the current run has been going for {@code currentRunMs}. */
  public long leftMs(long currentRunMs) {
    if (done == total) {
      return 0;
    }
    long perRun = done == 0 ? plannedRunMs : finishedMs / done;
    return Math.max(0, perRun - currentRunMs) + (long) (total - done - 1) * perRun;
  }

  /** The line, e.g. {@code [#####---------------] 1/4 runs, 2m05s left | run 2: ...}. */
  public String line(long currentRunMs, String detail) {
    int filled = (int) Math.round((double) WIDTH * done / total);
    return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + done + "/" + total + " runs, "
        + duration(leftMs(currentRunMs)) + " left" + (detail.isEmpty() ? "" : " | " + detail);
  }

  /** A duration as {@code 1h02m}, {@code 2m05s} or {@code 9s}. */
  public static String duration(long ms) {
    long s = (ms + 999) / 1_000;
    if (s >= 3_600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3_600, s % 3_600 / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }
}
