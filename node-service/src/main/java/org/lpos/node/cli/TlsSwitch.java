package org.lpos.node.cli;

/**
 * The value of {@code --tls=on|off}. Off exists for debugging only: the links are then plaintext
 * and a man-in-the-middle can read and alter them.
 */
enum TlsSwitch {
  on,
  off;

  /** The warning a process prints at start when TLS is off. */
  static final String OFF_WARNING =
      "WARNING: --tls=off: links are plaintext and unauthenticated at the transport; for debugging only";
}
