package org.lpos.lab.netem;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a degraded link behaves, in the words of Linux {@code tc netem}: one-way {@code delay} and
 * {@code jitter}, packet {@code loss} and a bandwidth {@code rate}. This kernel has no netem
 * qdisc, so {@link LinkRelay} makes the same effects in user space on a TCP stream.
 *
 * @param delayMs one-way propagation delay
 * @param jitterMs the delay varies uniformly by ± this much (bytes still arrive in order, as TCP
 *     delivers them)
 * @param lossPercent chance that a 1,448-byte segment is lost; TCP then retransmits it, so the
 *     relay holds the segment and everything behind it for one retransmission timeout
 * @param rateBitsPerSecond bandwidth, 0 for unlimited
 */
public record LinkProfile(long delayMs, long jitterMs, double lossPercent, long rateBitsPerSecond) {
  /** A link as fast as loopback. */
  public static final LinkProfile LOOPBACK = new LinkProfile(0, 0, 0, 0);

  /** The longest delay or jitter accepted: a minute is already no network anyone runs. */
  public static final long MAX_DELAY_MS = 60_000;

  /** Bytes in one TCP segment on an Ethernet path (1,500 MTU less IP and TCP headers with timestamps). */
  public static final int SEGMENT_BYTES = 1_448;

  /** Linux's minimum retransmission timeout. */
  static final long MIN_RTO_MS = 200;

  private static final int MAX_SPEC_CHARS = 200;
  private static final Pattern TERM = Pattern.compile("([a-z]+)=([0-9]+(?:\\.[0-9]+)?)([a-z%]*)");

  /** Checks the bounds. */
  public LinkProfile {
    if (delayMs < 0 || delayMs > MAX_DELAY_MS || jitterMs < 0 || jitterMs > MAX_DELAY_MS) {
      throw new IllegalArgumentException("delay and jitter must be 0-" + MAX_DELAY_MS + " ms");
    }
    if (jitterMs > delayMs) {
      throw new IllegalArgumentException("jitter (" + jitterMs + " ms) cannot exceed the delay (" + delayMs + " ms)");
    }
    if (!(lossPercent >= 0 && lossPercent < 100)) {
      throw new IllegalArgumentException("loss must be at least 0% and below 100%: " + lossPercent);
    }
    if (rateBitsPerSecond < 0) {
      throw new IllegalArgumentException("rate must be positive");
    }
  }

  /** The word {@link #parse} reads as {@link #LOOPBACK}, and {@link #spec} writes for it. */
  public static final String LOOPBACK_SPEC = "loopback";

  /**
   * Parses netem-style terms separated by spaces or commas, e.g.
   * {@code "delay=50ms jitter=10ms loss=1% rate=100mbit"}; delay and jitter in {@code ms} or
   * {@code s}, rate in {@code kbit}, {@code mbit} or {@code gbit}. Terms left out are zero.
   * {@value #LOOPBACK_SPEC} is a link that adds nothing (a grid's undegraded runs).
   *
   * @throws IllegalArgumentException with a message naming the term that is wrong
   */
  public static LinkProfile parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty link profile: give e.g. \"delay=50ms jitter=10ms loss=1% rate=100mbit\"");
    }
    if (spec.length() > MAX_SPEC_CHARS) {
      throw new IllegalArgumentException("link profile longer than " + MAX_SPEC_CHARS + " characters");
    }
    if (spec.strip().equalsIgnoreCase(LOOPBACK_SPEC)) {
      return LOOPBACK;
    }
    long delay = 0;
    long jitter = 0;
    double loss = 0;
    long rate = 0;
    for (String term : spec.trim().toLowerCase(Locale.ROOT).split("[\\s,]+")) {
      Matcher m = TERM.matcher(term);
      if (!m.matches()) {
        throw new IllegalArgumentException("cannot read \"" + term + "\": terms are delay=50ms, jitter=10ms, loss=1%,"
            + " rate=100mbit");
      }
      double value = Double.parseDouble(m.group(2));
      String unit = m.group(3);
      switch (m.group(1)) {
        case "delay" -> delay = millis(term, value, unit);
        case "jitter" -> jitter = millis(term, value, unit);
        case "loss" -> {
          if (!unit.equals("%")) {
            throw new IllegalArgumentException("\"" + term + "\": loss is a percentage, e.g. loss=1%");
          }
          loss = value;
        }
        case "rate" -> rate = bitsPerSecond(term, value, unit);
        default -> throw new IllegalArgumentException("unknown term \"" + m.group(1) + "\" in \"" + term
            + "\": terms are delay, jitter, loss, rate");
      }
    }
    return new LinkProfile(delay, jitter, loss, rate);
  }

  /** True when the link adds nothing to loopback. */
  public boolean isLoopback() {
    return equals(LOOPBACK);
  }

  /** The profile in the syntax {@link #parse} reads (for CSV columns and logs). */
  public String describe() {
    if (isLoopback()) {
      return "none";
    }
    StringBuilder b = new StringBuilder("delay=" + delayMs + "ms");
    if (jitterMs > 0) {
      b.append(" jitter=").append(jitterMs).append("ms");
    }
    if (lossPercent > 0) {
      b.append(" loss=").append(stripZeros(lossPercent)).append('%');
    }
    if (rateBitsPerSecond > 0) {
      b.append(" rate=").append(rateBitsPerSecond / 1_000).append("kbit");
    }
    return b.toString();
  }

  /** The profile as {@link #parse} reads it back, {@value #LOOPBACK_SPEC} included (the CSV's {@code netem} column). */
  public String spec() {
    return isLoopback() ? LOOPBACK_SPEC : describe();
  }

  /** How long a lost segment holds the stream: one retransmission timeout, at least Linux's minimum. */
  public long retransmissionTimeoutMs() {
    return Math.max(MIN_RTO_MS, 2 * (delayMs + jitterMs));
  }

  private static long millis(String term, double value, String unit) {
    double ms = switch (unit) {
      case "ms" -> value;
      case "s" -> value * 1_000;
      default -> throw new IllegalArgumentException("\"" + term + "\": give a time in ms or s, e.g. delay=50ms");
    };
    if (ms > MAX_DELAY_MS) {
      throw new IllegalArgumentException("\"" + term + "\": at most " + MAX_DELAY_MS + " ms");
    }
    return Math.round(ms);
  }

  private static long bitsPerSecond(String term, double value, String unit) {
    double bits = switch (unit) {
      case "kbit" -> value * 1e3;
      case "mbit" -> value * 1e6;
      case "gbit" -> value * 1e9;
      default -> throw new IllegalArgumentException("\"" + term + "\": give a rate in kbit, mbit or gbit, e.g. rate=100mbit");
    };
    if (bits < 8_000 || bits > 1e12) {
      throw new IllegalArgumentException("\"" + term + "\": rate must be 8kbit-1000gbit");
    }
    return Math.round(bits);
  }

  private static String stripZeros(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }
}
