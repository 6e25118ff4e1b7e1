package org.lpos.node.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations on the command line: {@code 60s}, {@code 2m}, {@code 500ms}, or plain seconds. */
public final class Durations {
  private Durations() {}

  /** Milliseconds of {@code text}; a malformed or negative value is a {@link UserInputException}. */
  public static long parse(String option, String text) {
    try {
      String t = text.trim().toLowerCase(Locale.ROOT);
      long ms;
      if (t.endsWith("ms")) {
        ms = Long.parseLong(t.substring(0, t.length() - 2));
      } else if (t.endsWith("m")) {
        ms = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1))).toMillis();
      } else {
        ms = Duration.ofSeconds(Long.parseLong(t.endsWith("s") ? t.substring(0, t.length() - 1) : t)).toMillis();
      }
      if (ms < 0) {
        throw new NumberFormatException(text);
      }
      return ms;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new UserInputException(option + " must look like 60s, 2m or 500ms: " + text);
    }
  }
}
