package org.lpos.chain.ledger;

/**
 * A rule that input broke: a reason (for metrics and tests) and a detail (for people), such as
 * {@code missing input: tx 3 input 0 spends 9f2c..:1}.
 */
public record Rejection(Reason reason, String detail) {
  /** Validates the components. */
  public Rejection {
    if (reason == null || detail == null) {
      throw new IllegalArgumentException("reason and detail are required");
    }
  }

  /** A rejection with a formatted detail. */
  @SuppressWarnings("AnnotateFormatMethod") // callers pass computed details too: without args it is kept verbatim
  public static Rejection of(Reason reason, String format, Object... args) {
    return new Rejection(reason, args.length == 0 ? format : String.format(format, args));
  }

  /** The same rejection with {@code prefix} in front of its detail (e.g. "tx 3: "). */
  public Rejection within(String prefix) {
    return new Rejection(reason, prefix + detail);
  }

  @Override
  public String toString() {
    return reason.label() + ": " + detail;
  }
}
