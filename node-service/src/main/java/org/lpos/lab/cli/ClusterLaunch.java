package org.lpos.lab.cli;

import org.lpos.node.cli.ProjectPaths;
import java.util.List;
import java.util.Optional;

/**
 * How a {@link LocalCluster} starts its processes beyond its {@link LocalCluster.Layout}: which
 * chain the nodes run, the two fan-outs, how many members discovery preloads ({@code -l}), the
 * delay of discovery's {@code --inst} and the nodes' log flags. {@link #standard} is what {@code
 * lpos demo} and a plain {@code lpos experiment} use; a preset ({@link ExperimentPreset}) sets the
 * original's values.
 *
 * @param shippedChain a shipped chain template the nodes run with the layout's N (as {@code --chain
 *     NAME}); empty: the cluster writes its own chain giving equal stake to every member it starts
 * @param nodeFanOut each node's {@code --fan-out} (peers a committed block is gossiped to, 0 = all)
 * @param discoveryFanOut discovery's {@code --fan-out} (peers per sample, 0 = all)
 * @param preloadMembers discovery's {@code -l}: members handed to nodes in connection order
 * @param instructionDelayS the DELAY of discovery's {@code --inst}: seconds after the last
 *     registration before the workload (and, with the original's command lines, the rounds) start
 * @param nodeLogFlags the node's logging flags, e.g. {@code -v} or the original's {@code -d}
 * @param measureAfterInstruction whether a run's duration counts from the end of the instruction's
 *     delay (a long delay, as the original's 30 s, would otherwise eat the run, and so would nodes
 *     that take long to register); false: from the launch, the delay included
 * @param nodeJvmOptions JVM options for the nodes beyond {@link LocalCluster#nodeJvmOptions}'s
 *     (before the environment's, which override)
 */
record ClusterLaunch(Optional<String> shippedChain, int nodeFanOut, int discoveryFanOut, int preloadMembers,
    int instructionDelayS, List<String> nodeLogFlags, boolean measureAfterInstruction, List<String> nodeJvmOptions) {
  /**
   * The demo's nodes compile with C1 only: a demo is a minute from a cold start, and four JVMs'
   * C2 compilers on two cores took most of that minute's CPU. Measured on 2 cores, 40 s demos
   * (docs/benchmarks.md): 97 to 256 tx/s, p50 96 to 69 ms, p99 454 to 255 ms. Long benchmark
   * runs keep C2, whose code is faster once compiled.
   */
  static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");

  /**
   * The delay of a demo or plain experiment: long enough for every node's first connections,
   * short enough not to waste the run.
   */
  static final int STANDARD_INSTRUCTION_DELAY_S = 2;

  ClusterLaunch {
    shippedChain.ifPresent(name -> {
      if (!ProjectPaths.SHIPPED_CHAINS.contains(name)) {
        throw new IllegalArgumentException("not a shipped chain: " + name);
      }
    });
    if (nodeFanOut < 0 || discoveryFanOut < 0 || preloadMembers < 0 || instructionDelayS < 0) {
      throw new IllegalArgumentException("fan-outs, preload and delay must not be negative");
    }
    nodeLogFlags = List.copyOf(nodeLogFlags);
    nodeJvmOptions = List.copyOf(nodeJvmOptions);
  }

  /** As {@code launch}, as before but for the nodes' JVMs, which compile for a quick start. */
  static ClusterLaunch quickStart(ClusterLaunch launch) {
    return new ClusterLaunch(launch.shippedChain, launch.nodeFanOut, launch.discoveryFanOut, launch.preloadMembers,
        launch.instructionDelayS, launch.nodeLogFlags, launch.measureAfterInstruction, QUICK_START);
  }

  /**
   * The cluster's own chain, every peer gossiped to and sampled (fan-out 0), each started member
   * preloaded, a 2 s delay and verbose logs.
   */
  static ClusterLaunch standard(LocalCluster.Layout layout) {
    return new ClusterLaunch(Optional.empty(), 0, 0, layout.population(), STANDARD_INSTRUCTION_DELAY_S,
        List.of("-v"), false, List.of());
  }
}
