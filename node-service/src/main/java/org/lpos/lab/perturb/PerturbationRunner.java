package org.lpos.lab.perturb;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Applies a {@link PerturbationSchedule} to a cluster through its {@link ClusterFaults}: one
 * scheduler thread runs each {@link FaultAction} at its time after the schedule's zero, in order, and
 * keeps a log of what it did and when ({@link #applied}). {@link #close} stops it and continues
 * any node it left paused, so that the cluster can stop cleanly.
 */
public final class PerturbationRunner implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(PerturbationRunner.class.getName());

  /** An action and the wall-clock ms it was applied at. */
  public record Applied(FaultAction action, long atWallMs) {}

  private final ClusterFaults faults;
  private final ScheduledExecutorService scheduler;
  private final List<Applied> applied = Collections.synchronizedList(new ArrayList<>());
  private final List<Integer> paused = Collections.synchronizedList(new ArrayList<>());

  private PerturbationRunner(ClusterFaults faults) {
    this.faults = faults;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lpos-perturbations");
      t.setDaemon(true);
      return t;
    });
  }

  /** Schedules every action of {@code schedule} relative to {@code zeroWallMs}. */
  public static PerturbationRunner start(PerturbationSchedule schedule, ClusterFaults faults, long zeroWallMs) {
    PerturbationRunner runner = new PerturbationRunner(faults);
    for (FaultAction action : schedule.actions()) {
      long delayMs = Math.max(0, zeroWallMs + action.atMs() - System.currentTimeMillis());
      // A single thread runs them in submission order when two fall due together.
      runner.scheduler.schedule(() -> runner.apply(action), delayMs, TimeUnit.MILLISECONDS);
    }
    return runner;
  }

  /** What was applied so far, in order. */
  public List<Applied> applied() {
    synchronized (applied) {
      return List.copyOf(applied);
    }
  }

  private void apply(FaultAction action) {
    long now = System.currentTimeMillis();
    try {
      switch (action.kind()) {
        case KILL -> faults.kill(action.node());
        case RESTART -> faults.restart(action.node());
        case PAUSE -> {
          faults.pause(action.node());
          paused.add(action.node());
        }
        case RESUME -> {
          faults.resume(action.node());
          paused.remove(Integer.valueOf(action.node()));
        }
        case PARTITION -> faults.partition((Perturbation.Partition) action.cause());
        case HEAL -> faults.heal();
        default -> throw new IllegalStateException("unknown action " + action.kind());
      }
      applied.add(new Applied(action, now));
      LOG.info(() -> "perturbation: " + action.kind() + " (" + action.cause().describe() + ")");
    } catch (IOException | RuntimeException e) {
      // Logged and left out of the applied list: the report then shows the action as not done.
      LOG.warning(() -> "perturbation " + action.kind() + " (" + action.cause().describe() + ") failed: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the schedule and continues every node it paused. */
  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Integer> stillPaused;
    synchronized (paused) {
      stillPaused = List.copyOf(paused);
    }
    for (int node : stillPaused) {
      try {
        faults.resume(node);
      } catch (IOException e) {
        LOG.warning(() -> "could not continue paused node-" + node + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
