package org.lpos.lab.cli;

import org.lpos.node.cli.UserInputException;
import java.util.SplittableRandom;

/**
 * The value of {@code --partition} or {@code --crash}: a fixed number of episodes, or
 * {@code random}, which draws 1 to {@value #MAX_RANDOM} episodes from each run's seed (so a sweep
 * varies the number from run to run, and each run's replay line names the number it drew).
 *
 * @param fixed the number of episodes, or -1 for random
 */
record FaultCount(int fixed) {
  /** The most episodes {@code random} draws. */
  static final int MAX_RANDOM = 4;

  /** Parses {@code K} (a number ≥ 0) or {@code random}. */
  static FaultCount parse(String option, String text) {
    if ("random".equals(text)) {
      return new FaultCount(-1);
    }
    if (text.matches("[0-9]{1,6}")) {
      return new FaultCount(Integer.parseInt(text));
    }
    throw new UserInputException(option + " takes a number of episodes (0 or more) or 'random', not '" + text + "'");
  }

  /** The episodes of the run with {@code seed}. */
  int of(long seed, long salt) {
    return fixed >= 0 ? fixed : 1 + new SplittableRandom(seed ^ salt).nextInt(MAX_RANDOM);
  }
}
