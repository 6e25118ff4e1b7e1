package org.lpos.discovery;

/** How much the server reports on stderr: {@code -v} adds events, {@code -d} adds every request. */
public enum Verbosity {
  /** Only the listening line on stdout and errors. */
  QUIET,
  /** Registrations, rejections and the instruction. */
  VERBOSE,
  /** Also heartbeats, peer listings and watchers. */
  DEBUG
}
