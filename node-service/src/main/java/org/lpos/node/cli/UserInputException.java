package org.lpos.node.cli;

/** Bad input from the user or a file: reported as one line, exit code 2, no stack trace. */
public final class UserInputException extends RuntimeException {
  /** An exception with a one-line message. */
  public UserInputException(String message) {
    super(message);
  }
}
