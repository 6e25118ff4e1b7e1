package org.lpos.chain.senate;

/** The Byzantine quorum arithmetic of PROTOCOL §5: {@code f = floor((N-1)/3)}, {@code Q = N - f}. */
public final class Quorum {
  private Quorum() {}

  /** f: seats that may be faulty among {@code seats}. */
  public static int maxFaulty(int seats) {
    if (seats < 1) {
      throw new IllegalArgumentException("a senate has at least one seat: " + seats);
    }
    return (seats - 1) / 3;
  }

  /** Q: seats needed for agreement, equal to "more than two thirds" of {@code seats}. */
  public static int quorum(int seats) {
    return seats - maxFaulty(seats);
  }
}
