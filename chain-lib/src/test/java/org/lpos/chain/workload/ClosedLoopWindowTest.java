package org.lpos.chain.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The closed loop of {@code load-closed}: grows while commits are fast, halves when they are slow. */
class ClosedLoopWindowTest {
  @Test
  void startsAtOneGrowsToTheMaximumAndHalvesOnSlowCommits() {
    ClosedLoopWindow window = new ClosedLoopWindow(8);
    assertEquals(1, window.size());
    assertTrue(window.maySend(0));
    assertFalse(window.maySend(1));
    long now = 0;
    for (int i = 0; i < 100; i++) {
      window.committed(20, now += 10);
    }
    assertEquals(8, window.size(), "fast commits open the window up to W");
    window.committed(ClosedLoopWindow.TARGET_LATENCY_MS + 1, now += 10);
    assertEquals(4, window.size());
    window.committed(ClosedLoopWindow.TARGET_LATENCY_MS + 500, now += 10);
    assertEquals(4, window.size(), "one slow block halves the window once, not once per transaction");
    window.committed(ClosedLoopWindow.TARGET_LATENCY_MS + 500, now += ClosedLoopWindow.TARGET_LATENCY_MS);
    assertEquals(2, window.size());
    for (int i = 0; i < 20; i++) {
      window.committed(5_000, now += 1_000);
    }
    assertEquals(1, window.size(), "never below one");
  }

  /** On a busy machine every commit may take 300 ms; only latency well above that is queueing. */
  @Test
  void slowButSteadyCommitsStillOpenTheWindow() {
    ClosedLoopWindow window = new ClosedLoopWindow(8);
    long now = 0;
    for (int i = 0; i < 100; i++) {
      window.committed(300 + i % 50, now += 100);
    }
    assertEquals(8, window.size());
    window.committed(700, now += 100);
    assertEquals(4, window.size(), "more than twice the least latency is queueing");
  }
}
