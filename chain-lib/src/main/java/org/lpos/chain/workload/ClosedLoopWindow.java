package org.lpos.chain.workload;

/**
 * How many transactions a {@code load-closed} node may have uncommitted at once: additive
 * increase while commits come back within {@link #TARGET_LATENCY_MS}, halving when one does not
 * (at most once per target period, so one slow block halves it once). The window starts at one
 * and never exceeds W, so a cold cluster is not flooded while its JVMs compile and a loaded one
 * backs off instead of letting its pools grow. Pure: time is passed in.
 */
public final class ClosedLoopWindow {
  /** Commit latency above which the window shrinks. */
  public static final long TARGET_LATENCY_MS = 100;

  private final int max;
  private double window = 1;
  private long lastDecreaseMs = Long.MIN_VALUE / 2;

  /** A window of at most {@code max} transactions. */
  public ClosedLoopWindow(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("the window must be at least 1, got " + max);
    }
    this.max = max;
  }

  /** Learns the commit latency of one transaction, committed at {@code nowMs}. */
  public void committed(long latencyMs, long nowMs) {
    if (latencyMs > TARGET_LATENCY_MS) {
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
