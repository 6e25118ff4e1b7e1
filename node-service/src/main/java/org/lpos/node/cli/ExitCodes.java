package org.lpos.node.cli;

/**
 * Exit codes of the {@code lpos} command line: 0 success, 1 a check failed (e.g. a chain does
 * not verify), 2 bad input (usage, missing or malformed file), 3 an internal error.
 */
public final class ExitCodes {
  /** A check failed. */
  public static final int CHECK_FAILED = 1;

  /** Bad input. */
  public static final int BAD_INPUT = 2;

  /** A bug. */
  public static final int INTERNAL_ERROR = 3;

  private ExitCodes() {}
}
