package org.lpos.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.pollinterval.PollInterval;

/**
 * The tests' one way to wait: polls a condition on the calling thread until it holds and fails the
 * test after a deadline. Awaitility does the polling; this class fixes the house's policy (first
 * look at once, then every 10 ms doubling up to 100 ms, so quick conditions pass quickly and long
 * waits on real processes do not flood them) and the failure message.
 */
public final class Eventually {

  private static final Duration FIRST_POLL = Duration.ofMillis(10);
  private static final Duration SLOWEST_POLL = Duration.ofMillis(100);
  private static final PollInterval DOUBLING_TO_SLOWEST = (pollCount, previous) ->
      pollCount <= 1 ? FIRST_POLL : min(previous.multipliedBy(2), SLOWEST_POLL);

  private Eventually() {
  }

  /** Waits until {@code condition} holds; fails after {@code seconds} naming {@code what}. */
  public static void await(String what, long seconds, BooleanSupplier condition) {
    await(what, seconds, condition, () -> "");
  }

  /** As {@link #await(String, long, BooleanSupplier)}, with {@code state} (read only on failure) in the message. */
  public static void await(String what, long seconds, BooleanSupplier condition, Supplier<String> state) {
    try {
      Awaitility.await(what)
          .atMost(Duration.ofSeconds(seconds))
          .pollInSameThread()
          .pollDelay(Duration.ZERO)
          .pollInterval(DOUBLING_TO_SLOWEST)
          .until(condition::getAsBoolean);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("timed out after " + seconds + " s waiting for " + what + " " + state.get(), e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
