package org.lpos.node.net;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Logs refused peer streams. A node started with another N (or chain) is redialled with backoff
 * for as long as it runs, so each distinct reason is a warning once and then an info line.
 * Bounded, since a stranger chooses what its Hello says.
 */
final class RefusalLog {
  private static final Logger LOG = Logger.getLogger(PeerNetwork.class.getName());
  private static final int MAX_WARNED_REFUSALS = 64;
  private static final int MAX_SHOWN_CHARS = 300;

  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  /** A stream we refused. */
  void weRefused(String reason) {
    log("peer stream refused: " + reason);
  }

  /** The peer at {@code address} closed a stream before the handshake, with its status's description. */
  void peerRefused(String address, String description) {
    String shown = description == null ? "" : description.replaceAll("[^\\x20-\\x7e]", "?");
    log("peer " + address + " refused the stream: \""
        + (shown.length() > MAX_SHOWN_CHARS ? shown.substring(0, MAX_SHOWN_CHARS) + "..." : shown) + "\"");
  }

  private void log(String line) {
    boolean first = !warned.contains(line) && warned.size() < MAX_WARNED_REFUSALS && warned.add(line);
    LOG.log(first ? Level.WARNING : Level.INFO, line);
  }
}
