package org.lpos.node.runtime;

import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The {@link Alarm} of a running node: one daemon thread that calls each wake-up when
 * it is due. It only sets the driver's tick flag, so it never blocks on the driver's queue.
 */
final class TimerThread implements Alarm {
  private final ScheduledExecutorService timer;

  private TimerThread(ScheduledExecutorService timer) {
    this.timer = timer;
  }

  /** A started timer thread named {@code name}. */
  static TimerThread start(String name) {
    return new TimerThread(Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    }));
  }

  @Override
  public Future<?> schedule(Alarm.Doorbell doorbell, long delayMs) {
    return timer.schedule(doorbell::ring, delayMs, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
