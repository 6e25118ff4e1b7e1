package org.lpos.lab.experiment;

/**
 * The faults a run ran under and what they did (issue 17's columns of {@code results.csv}): the
 * Byzantine members' mode, the links' profile, the perturbation schedule, the equivocations the
 * honest nodes detected and how long the chain took to commit again after the last perturbation.
 * A figure that was not measured is {@link Double#NaN}, an empty cell.
 *
 * @param byzantineMode the mode of the T members ({@code silent}, {@code equivocate}, ...), or
 *     {@code none} when T = 0
 * @param netem the links' profile as {@code --netem} takes it, {@code loopback} when undegraded
 * @param perturbations the perturbation schedule, empty when none was applied
 * @param equivocationsDetected distinct equivocations (height, round, signer, vote type) the
 *     honest nodes recorded
 * @param recoveryS seconds from the last perturbation to the next commit; NaN without perturbations
 */
public record FaultFigures(String byzantineMode, String netem, String perturbations, double equivocationsDetected,
    double recoveryS) {
  /** The column's word for a run without Byzantine members. */
  public static final String NO_BYZANTINE = "none";

  /** Rejects missing texts (an empty text is an empty cell). */
  public FaultFigures {
    if (byzantineMode == null || netem == null || perturbations == null) {
      throw new IllegalArgumentException("byzantineMode, netem and perturbations must be given");
    }
  }

  /** A run recorded without these figures: every cell empty. */
  public static FaultFigures unrecorded() {
    return new FaultFigures("", "", "", Double.NaN, Double.NaN);
  }
}
