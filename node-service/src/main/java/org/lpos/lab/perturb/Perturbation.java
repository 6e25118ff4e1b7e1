package org.lpos.lab.perturb;

import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One fault of a perturbation schedule ({@code lpos demo --perturb}), at {@code atMs} after the
 * schedule's zero (the network up: a block committed on every node): a node process killed (SIGKILL) or started again on its data, paused
 * (SIGSTOP, then SIGCONT after a while), or the links between groups of nodes cut and healed.
 * Nodes are the cluster's {@code node-I}, by index.
 */
public sealed interface Perturbation {
  /** When it happens, in ms after the schedule's zero (the network up: a block committed on every node). */
  long atMs();

  /** The perturbation in the syntax {@link PerturbationSchedule#parse} reads. */
  String describe();

  /** SIGKILL of node {@code node}'s process: no shutdown hook, only what is on disk survives. */
  record Kill(int node, long atMs) implements Perturbation {
    @Override
    public String describe() {
      return "kill:node-" + node + "@" + time(atMs);
    }
  }

  /** Node {@code node}, killed before, started again with the same command line and data directory. */
  record Restart(int node, long atMs) implements Perturbation {
    @Override
    public String describe() {
      return "restart:node-" + node + "@" + time(atMs);
    }
  }

  /** SIGSTOP of node {@code node}'s process, SIGCONT {@code durationMs} later: a node frozen in place. */
  record Pause(int node, long atMs, long durationMs) implements Perturbation {
    @Override
    public String describe() {
      return "pause:node-" + node + "@" + time(atMs) + "+" + time(durationMs);
    }
  }

  /**
   * The links between nodes of different {@code groups} cut, for {@code durationMs} when given,
   * else until the next {@link Heal}; links within a group stay up.
   */
  record Partition(List<Set<Integer>> groups, long atMs, OptionalLong durationMs) implements Perturbation {
    /** Copies the groups. */
    public Partition {
      groups = groups.stream().map(Set::copyOf).toList();
    }

    /** Whether nodes {@code a} and {@code b} are on different sides. */
    public boolean separates(int a, int b) {
      return groups.stream().noneMatch(g -> g.contains(a) && g.contains(b));
    }

    @Override
    public String describe() {
      String sides = groups.stream()
          .map(g -> g.stream().sorted().map(String::valueOf).collect(Collectors.joining(",", "{", "}")))
          .collect(Collectors.joining("|"));
      return "partition:" + sides + "@" + time(atMs)
          + (durationMs.isPresent() ? "+" + time(durationMs.getAsLong()) : "");
    }
  }

  /** Every link cut by a {@link Partition} restored. */
  record Heal(long atMs) implements Perturbation {
    @Override
    public String describe() {
      return "heal@" + time(atMs);
    }
  }

  /** A time as the schedule writes it: whole seconds as {@code 20s}, else {@code 1500ms}. */
  static String time(long ms) {
    return ms % 1_000 == 0 ? ms / 1_000 + "s" : ms + "ms";
  }
}
