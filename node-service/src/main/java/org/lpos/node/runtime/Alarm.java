package org.lpos.node.runtime;

import java.util.concurrent.Future;

/** Where a {@link NodeDriver}'s wake-ups come from: a timer thread in a node, the test's hand in a test. */
public interface Alarm extends AutoCloseable {
  /**
   * Rings the driver's doorbell: the one thing a timer may do is call {@link NodeDriver#wake},
   * which queues a {@link DriverInput.Tick} record; no other code reaches the loop.
   */
  @FunctionalInterface
  interface Doorbell {
    /** Queues a tick unless one waits. */
    void ring();
  }

  /** Rings {@code doorbell} once, {@code delayMs} from now, unless cancelled through the result. */
  Future<?> schedule(Doorbell doorbell, long delayMs);

  /** Stops calling. */
  @Override
  void close();
}
