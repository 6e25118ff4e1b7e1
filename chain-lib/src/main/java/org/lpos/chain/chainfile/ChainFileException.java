package org.lpos.chain.chainfile;

/** A file that could not be read as what it claims to be; the message is one line for a person. */
public final class ChainFileException extends Exception {
  /** An exception with a one-line message. */
  public ChainFileException(String message) {
    super(message);
  }

  /** An exception with a one-line message and its cause. */
  public ChainFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
