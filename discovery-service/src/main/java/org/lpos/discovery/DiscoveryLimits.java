package org.lpos.discovery;

/**
 * The bounds that keep a discovery server small and fair whatever its clients send: how many
 * names it holds, how many one remote address may hold and how fast it may register, and how far
 * a registration's timestamp may be from the server's clock. The constants are bounds no
 * operator needs to change; the record holds those an operator may (each has a flag).
 *
 * @param maxNames the most live node names at once ({@code --max-names})
 * @param maxNamesPerSource the most live names of one remote address ({@code --max-names-per-source})
 * @param registrationsPerSecondPerSource Register and ClaimMember calls one remote address may make
 *     per second, with bursts of twice as many ({@code --registrations-per-second})
 * @param maxClockSkewSeconds how far a registration's timestamp may be from the server's wall
 *     clock ({@code --max-clock-skew-seconds})
 */
public record DiscoveryLimits(
    int maxNames, int maxNamesPerSource, int registrationsPerSecondPerSource, int maxClockSkewSeconds) {

  /** Default of {@code --max-names}. */
  public static final int DEFAULT_MAX_NAMES = 10_000;
  /** Default of {@code --max-names-per-source}: one address cannot fill the registry. */
  public static final int DEFAULT_MAX_NAMES_PER_SOURCE = 1_000;
  /** Default of {@code --registrations-per-second}: a 1,000-node local cluster starts in seconds. */
  public static final int DEFAULT_REGISTRATIONS_PER_SECOND = 100;
  /** Default of {@code --max-clock-skew-seconds}. */
  public static final int DEFAULT_MAX_CLOCK_SKEW_SECONDS = 60;

  /** The largest request the server reads: a registration is under 600 bytes. */
  public static final int MAX_REQUEST_BYTES = 4 * 1024;
  /** Every response is at most this big: a sample of {@link Registry#MAX_SAMPLE_PEERS} peers. */
  public static final int MAX_RESPONSE_BYTES = 64 * 1024;
  /** The most open WatchInstructions streams; more are refused RESOURCE_EXHAUSTED. */
  public static final int MAX_WATCHERS = 10_000;
  /** The most remote addresses whose registration rate is tracked (least recently seen dropped). */
  public static final int MAX_TRACKED_SOURCES = 10_000;

  public DiscoveryLimits {
    if (maxNames < 1) {
      throw new IllegalArgumentException("--max-names must be >= 1, got " + maxNames);
    }
    if (maxNamesPerSource < 1) {
      throw new IllegalArgumentException(
          "--max-names-per-source must be >= 1, got " + maxNamesPerSource);
    }
    if (registrationsPerSecondPerSource < 1) {
      throw new IllegalArgumentException(
          "--registrations-per-second must be >= 1, got " + registrationsPerSecondPerSource);
    }
    if (maxClockSkewSeconds < 1) {
      throw new IllegalArgumentException(
          "--max-clock-skew-seconds must be >= 1, got " + maxClockSkewSeconds);
    }
  }

  /** The defaults. */
  public static DiscoveryLimits defaults() {
    return new DiscoveryLimits(DEFAULT_MAX_NAMES, DEFAULT_MAX_NAMES_PER_SOURCE,
        DEFAULT_REGISTRATIONS_PER_SECOND, DEFAULT_MAX_CLOCK_SKEW_SECONDS);
  }

  /** One line for the output log. */
  public String summary() {
    return "max_names=" + maxNames + " max_names_per_source=" + maxNamesPerSource
        + " registrations_per_second=" + registrationsPerSecondPerSource
        + " max_clock_skew_seconds=" + maxClockSkewSeconds;
  }
}
