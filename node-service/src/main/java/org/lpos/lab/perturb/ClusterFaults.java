package org.lpos.lab.perturb;

import java.io.IOException;

/**
 * What a launcher can do to the node processes and links of its cluster, for a
 * {@link PerturbationRunner}: the lab's local cluster kills and pauses processes by signal and
 * cuts links in the relays in front of the nodes.
 */
public interface ClusterFaults {
  /** SIGKILL of node {@code node}'s process; returns once it is gone. */
  void kill(int node) throws IOException, InterruptedException;

  /** Starts killed node {@code node} again: the same command line, so the same port, name and data. */
  void restart(int node) throws IOException;

  /** SIGSTOP of node {@code node}'s process. */
  void pause(int node) throws IOException, InterruptedException;

  /** SIGCONT of node {@code node}'s process. */
  void resume(int node) throws IOException, InterruptedException;

  /** Cuts every link between nodes {@code partition} separates, both ways. */
  void partition(Perturbation.Partition partition);

  /** Restores every cut link. */
  void heal();
}
