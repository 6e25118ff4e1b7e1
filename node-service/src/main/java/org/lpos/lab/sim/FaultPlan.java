package org.lpos.lab.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The faults of one run that start and heal at simulated times, all drawn from the run's random
 * generator before the run starts: partitions (a random group cut from the rest, both ways or one
 * way) and crash-and-restart episodes of honest nodes (some crash between persisting a step and
 * sending its messages). Everything heals by {@code faultsUntilMs}.
 *
 * @param partitions the partitions
 * @param crashes the crash episodes
 */
public record FaultPlan(List<Partition> partitions, List<Crash> crashes) {
  private static final long MIN_PARTITION_MS = 500;
  private static final long MAX_PARTITION_MS = 5_000;
  private static final long MIN_DOWN_MS = 200;
  private static final long MAX_DOWN_MS = 4_000;

  /**
   * A cut between {@code group} and the other nodes during [startMs, endMs): symmetric cuts both
   * directions; one-way drops only messages from the group to the others.
   */
  public record Partition(long startMs, long endMs, BitSet group, boolean oneWay) {
    /** Whether a message sent at {@code nowMs} from {@code from} to {@code to} is cut. */
    boolean cuts(int from, int to, long nowMs) {
      if (nowMs < startMs || nowMs >= endMs) {
        return false;
      }
      boolean fromInside = group.get(from);
      boolean toInside = group.get(to);
      if (fromInside == toInside) {
        return false;
      }
      return !oneWay || fromInside;
    }
  }

  /**
   * Node {@code node} crashes at {@code atMs} and restarts {@code downMs} later; with
   * {@code afterPersist} it crashes at its next step that persists something, after persisting and
   * before sending.
   */
  public record Crash(int node, long atMs, long downMs, boolean afterPersist) {}

  /** No faults. */
  public static FaultPlan none() {
    return new FaultPlan(List.of(), List.of());
  }

  /** The plan of {@code config}, drawn from {@code random}. */
  public static FaultPlan draw(SimulationConfig config, SplittableRandom random) {
    long window = config.faultsUntilMs();
    List<Partition> partitions = new ArrayList<>();
    for (int i = 0; i < config.partitions() && config.nodes() > 1; i++) {
      long length = Math.min(window, MIN_PARTITION_MS + random.nextLong(MAX_PARTITION_MS - MIN_PARTITION_MS));
      long start = window - length <= 0 ? 0 : random.nextLong(window - length + 1);
      BitSet group = new BitSet(config.nodes());
      int size = 1 + random.nextInt(Math.max(1, config.nodes() / 2));
      while (group.cardinality() < size) {
        group.set(random.nextInt(config.nodes()));
      }
      partitions.add(new Partition(start, start + length, group, random.nextBoolean()));
    }
    List<Crash> crashes = new ArrayList<>();
    int honest = config.nodes() - config.byzantine();
    for (int i = 0; i < config.crashes() && honest > 0; i++) {
      long down = MIN_DOWN_MS + random.nextLong(MAX_DOWN_MS - MIN_DOWN_MS);
      long at = window <= down ? 0 : random.nextLong(window - down);
      int node = config.byzantine() + random.nextInt(honest);
      crashes.add(new Crash(node, at, down, random.nextBoolean()));
    }
    return new FaultPlan(List.copyOf(partitions), List.copyOf(crashes));
  }

  /** Whether a message sent now from {@code from} to {@code to} is cut by a partition. */
  boolean cuts(int from, int to, long nowMs) {
    for (Partition p : partitions) {
      if (p.cuts(from, to, nowMs)) {
        return true;
      }
    }
    return false;
  }
}
