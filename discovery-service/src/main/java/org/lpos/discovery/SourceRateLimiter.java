package org.lpos.discovery;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * A token bucket per remote address: {@code perSecond} calls a second, bursts of twice that. The
 * buckets are bounded: past {@link DiscoveryLimits#MAX_TRACKED_SOURCES} addresses the least
 * recently seen is dropped (it comes back with a full bucket, which costs at most one burst).
 * Not thread-safe; the service calls it under its lock.
 */
final class SourceRateLimiter {
  private final double perMilli;
  private final double burst;
  private final LongSupplier clockMillis;
  private final Map<String, Bucket> buckets;

  private static final class Bucket {
    double tokens;
    long atMillis;

    Bucket(double tokens, long atMillis) {
      this.tokens = tokens;
      this.atMillis = atMillis;
    }
  }

  SourceRateLimiter(int perSecond, int maxSources, LongSupplier clockMillis) {
    this.perMilli = perSecond / 1000.0;
    this.burst = 2.0 * perSecond;
    this.clockMillis = clockMillis;
    this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
        return size() > maxSources;
      }
    };
  }

  /** Takes one call from {@code source}'s bucket; false when it is empty. */
  boolean tryAcquire(String source) {
    long now = clockMillis.getAsLong();
    Bucket bucket = buckets.computeIfAbsent(source, s -> new Bucket(burst, now));
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.atMillis) * perMilli);
    bucket.atMillis = now;
    if (bucket.tokens < 1) {
      return false;
    }
    bucket.tokens -= 1;
    return true;
  }
}
