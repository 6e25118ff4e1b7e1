package org.lpos.chain.workload;

/**
 * How many transactions a {@code load-closed} node may have uncommitted at once: additive
 * increase while commits come back fast, halving when one is slow (at most once per
 * {@link #TARGET_LATENCY_MS}, so one slow block halves it once). Slow means above twice the
 * least latency seen, and never below {@link #TARGET_LATENCY_MS}: latency above the unloaded
 * one is time spent queueing, so a busy machine whose every commit takes 300 ms still gets a
 * window, and a loaded cluster backs off instead of letting its pools grow. The window starts
 * at one and never exceeds W, so a cold cluster is not flooded while its JVMs compile. Pure:
 * time is passed in.
 */
public final class ClosedLoopWindow {
  /** Commit latency up to which the window always grows. */
  public static final long TARGET_LATENCY_MS = 50;

  private final int max;
  private double window = 1;
  private long lastDecreaseMs = Long.MIN_VALUE / 2;
  private long leastLatencyMs = Long.MAX_VALUE;

  /** A window of at most {@code max} transactions. */
  public ClosedLoopWindow(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the window must be at least 1, got " + max);
    }
    this.max = max;
  }

  /** Learns the commit latency of one transaction, committed at {@code nowMs}. */
  public void committed(long latencyMs, long nowMs) {
    leastLatencyMs = Math.min(leastLatencyMs, latencyMs);
    if (latencyMs > Math.max(TARGET_LATENCY_MS, 2 * leastLatencyMs)) {
      if (nowMs - lastDecreaseMs >= TARGET_LATENCY_MS) {
        window = Math.max(1, window / 2);
        lastDecreaseMs = nowMs;
      }
    } else {
      window = Math.min(max, window + 1 / Math.floor(window));
    }
  }

  /** Whether another transaction may go out while {@code outstanding} are uncommitted. */
  public boolean maySend(int outstanding) {
    return outstanding < size();
  }

  /** Transactions that may be uncommitted now. */
  public int size() {
    return (int) Math.floor(window);
  }
}
