package org.lpos.chain.legacy;

/**
 * One thing wrong with a legacy chain file: where it is, the name of the offending field as the
 * file spells it (for example {@code merkle_root}, {@code director_competition.q},
 * {@code senates_signature[0]}, {@code script}), and a reason a person can act on.
 */
public record LegacyProblem(LegacyLocation where, String field, String reason) {
  /** Validates the components. */
  public LegacyProblem {
    if (where == null || field == null || reason == null) {
      throw new IllegalArgumentException("location, field and reason are required");
    }
  }

  /** One line, for example {@code block 1 tx 0 input 0: signature does not verify (field script)}. */
  @Override
  public String toString() {
    return where + ": " + reason + " (field " + field + ")";
  }
}
