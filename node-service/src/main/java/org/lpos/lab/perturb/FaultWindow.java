package org.lpos.lab.perturb;

import java.util.OptionalLong;
import java.util.Set;

/**
 * The span a fault lasts and the nodes it touches: a kill until its node's restart, a pause
 * until the node continues, a partition until it heals ({@code endMs} empty: not within the run).
 * Recovery is measured from {@code endMs} on the {@code affected} nodes.
 *
 * @param cause the perturbation that opened the window
 * @param startMs when it began, ms after the schedule's zero
 * @param endMs when it ended, ms after the schedule's zero
 * @param affected the nodes it touched
 * @param label a short caption for plots, e.g. {@code node-2 killed}
 */
public record FaultWindow(Perturbation cause, long startMs, OptionalLong endMs, Set<Integer> affected, String label) {
  /** Copies the set. */
  public FaultWindow {
    affected = Set.copyOf(affected);
  }
}
