package org.lpos.node.net;

/**
 * A token bucket: holds up to {@code burst} tokens, refilled at {@code perSecond}; a taker gets
 * what it asks for only if that many tokens are there. Time comes from the caller (nanoseconds
 * of any monotonic clock), so the bucket itself is pure and a test drives it without sleeping.
 * Not thread-safe: its owner synchronizes.
 */
final class TokenBucket {
  private static final double NANOS_PER_SECOND = 1e9;

  private final double perNano;
  private final double burst;
  private double tokens;
  private long lastNanos;

  /** A full bucket at {@code nowNanos}. */
  TokenBucket(PeerBudgets.Limit limit, long nowNanos) {
    this.perNano = limit.perSecond() / NANOS_PER_SECOND;
    this.burst = limit.burst();
    this.tokens = burst;
    this.lastNanos = nowNanos;
  }

  /** Whether {@code amount} tokens are there at {@code nowNanos} (takes nothing). */
  boolean has(long amount, long nowNanos) {
    refill(nowNanos);
    return tokens >= amount;
  }

  /** Takes {@code amount} tokens if they are there; returns whether it did. */
  boolean tryTake(long amount, long nowNanos) {
    if (!has(amount, nowNanos)) {
      return false;
    }
    tokens -= amount;
    return true;
  }

  /** Takes {@code amount} tokens that {@link #has} just found. */
  void take(long amount) {
    tokens -= amount;
  }

  private void refill(long nowNanos) {
    long elapsed = nowNanos - lastNanos;
    if (elapsed > 0) {
      tokens = Math.min(burst, tokens + elapsed * perNano);
      lastNanos = nowNanos;
    }
  }
}
