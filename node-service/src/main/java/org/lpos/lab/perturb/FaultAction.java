package org.lpos.lab.perturb;

/**
 * One thing the launcher does to its cluster at {@code atMs} after the schedule's zero, on behalf of
 * {@code cause}: the start of a perturbation, or the end of a pause or of a timed partition.
 *
 * @param node the node acted on, or -1 for actions on the links
 */
public record FaultAction(long atMs, Kind kind, Perturbation cause, int node) {
  /** What is done. */
  public enum Kind {
    KILL, RESTART, PAUSE, RESUME, PARTITION, HEAL;

    /** Whether the action ends a fault (and so comes first among actions at one instant). */
    boolean ends() {
      return this == RESTART || this == RESUME || this == HEAL;
    }
  }
}
