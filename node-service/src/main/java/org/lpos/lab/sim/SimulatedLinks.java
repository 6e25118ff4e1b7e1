package org.lpos.lab.sim;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.lpos.lab.netem.LinkProfile;

/**
 * How long a simulated message takes from one node to another. The simulator's own model
 * ({@link Exponential}) reorders messages freely and has been the seed corpus's network since the
 * start; {@link Netem} is the link of a real degraded run ({@code lpos experiment --netem}), so a
 * grid can be run on both sides with the same profile and compared.
 */
public sealed interface SimulatedLinks {
  /** The simulator's network unless told otherwise: 10 ms plus exponential jitter of mean 20 ms. */
  SimulatedLinks DEFAULT = new Exponential(10, 20);

  /** A new model for one run: a {@link Netem} link keeps per-link state (the order of delivery). */
  LinkClock clock();

  /**
   * A base latency plus exponential jitter of mean {@code meanJitterMs}; messages overtake one
   * another.
   *
   * @param baseMs the least one-way latency
   * @param meanJitterMs the mean of the jitter added to it
   */
  record Exponential(long baseMs, long meanJitterMs) implements SimulatedLinks {
    /** Checks the bounds. */
    public Exponential {
      if (baseMs < 0 || meanJitterMs < 0) {
        throw new IllegalArgumentException("latencies must not be negative");
      }
    }

    @Override
    public LinkClock clock() {
      return (from, to, bytes, nowMs, random) -> {
        // Drawn exactly as before this type existed, so every recorded seed replays the same run.
        double jitter = meanJitterMs == 0 ? 0 : -meanJitterMs * Math.log(1 - random.nextDouble());
        return nowMs + baseMs + Math.round(jitter);
      };
    }
  }

  /**
   * A link as {@link org.lpos.lab.netem.LinkRelay} makes it: a one-way delay uniform in
   * delay ± jitter, and, when one of a message's segments is lost (probability per 1,448-byte
   * segment), one retransmission timeout more; like a TCP stream, a link delivers in order, so a
   * held message holds the ones behind it. The bandwidth limit is not simulated (rejected).
   *
   * @param profile the relays' profile
   */
  record Netem(LinkProfile profile) implements SimulatedLinks {
    /** Refuses a rate, which the simulator does not model. */
    public Netem {
      if (profile.rateBitsPerSecond() > 0) {
        throw new IllegalArgumentException("--netem: rate is not simulated (the simulator has no bandwidth model)");
      }
    }

    @Override
    public LinkClock clock() {
      Map<Long, Long> lastDeliveryMs = new HashMap<>();
      return (from, to, bytes, nowMs, random) -> {
        long delayMs = profile.delayMs();
        if (profile.jitterMs() > 0) {
          delayMs += random.nextLong(2 * profile.jitterMs() + 1) - profile.jitterMs();
        }
        long at = nowMs + delayMs;
        if (profile.lossPercent() > 0) {
          int segments = Math.max(1, (bytes + LinkProfile.SEGMENT_BYTES - 1) / LinkProfile.SEGMENT_BYTES);
          if (random.nextDouble() >= Math.pow(1 - profile.lossPercent() / 100, segments)) {
            at += profile.retransmissionTimeoutMs();
          }
        }
        return lastDeliveryMs.merge(((long) from << 32) | (to & 0xffffffffL), at, Math::max);
      };
    }
  }

  /** The delivery times of one run's messages. */
  @FunctionalInterface
  interface LinkClock {
    /** When a message of {@code bytes} sent from {@code from} to {@code to} at {@code nowMs} arrives. */
    long deliveryMs(int from, int to, int bytes, long nowMs, SplittableRandom random);
  }
}
