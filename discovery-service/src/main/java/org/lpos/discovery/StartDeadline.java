package org.lpos.discovery;

import java.util.Optional;

/**
 * The original discovery's start deadline: once the first node has registered, all M must have
 * registered within the deadline, or the experiment is given up (the server exits with status 1),
 * because a run that started with missing nodes would measure something else. Once M were
 * registered the deadline is met for good, whoever leaves later.
 *
 * <p>Pure: times are milliseconds of a monotonic clock the caller passes in, so a test drives it
 * with a hand-set clock. Not thread-safe; the discovery service calls it under its registry lock.
 */
public final class StartDeadline {
  private final int expected;
  private final long deadlineMillis;
  private long firstRegistrationMillis = -1;
  private boolean met;

  /**
   * @param expected M, the node names to wait for, at least 1
   * @param deadlineMillis how long after the first registration they may take, at least 1
   */
  public StartDeadline(int expected, long deadlineMillis) {
    if (expected < 1 || deadlineMillis < 1) {
      throw new IllegalArgumentException("expected and deadlineMillis must be >= 1");
    }
    this.expected = expected;
    this.deadlineMillis = deadlineMillis;
  }

  /** Records that {@code registered} names count towards M at {@code nowMillis}. */
  public void onRegistered(int registered, long nowMillis) {
    if (firstRegistrationMillis < 0) {
      firstRegistrationMillis = nowMillis;
    }
    if (registered >= expected) {
      met = true;
    }
  }

  /**
   * Whether the deadline has passed without M registrations, and if so the one-line reason.
   *
   * @param registered the names that count towards M now
   */
  public Optional<String> missed(int registered, long nowMillis) {
    if (met || firstRegistrationMillis < 0 || registered >= expected
        || nowMillis - firstRegistrationMillis < deadlineMillis) {
      return Optional.empty();
    }
    return Optional.of("only " + registered + " of " + expected + " expected nodes (-m) registered"
        + " within " + seconds(deadlineMillis) + " s of the first (--start-deadline-seconds);"
        + " giving up the experiment");
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? Long.toString(millis / 1000) : Double.toString(millis / 1000.0);
  }
}
