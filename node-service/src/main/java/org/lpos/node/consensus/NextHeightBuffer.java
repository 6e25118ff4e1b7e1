package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Messages of the height after the one being decided, kept until the node enters it: a peer that
 * committed first is already voting there. Bounded per sender and overall, so that one peer (or a
 * few) flooding next-height messages cannot push out those of the others.
 */
final class NextHeightBuffer {
  /** Messages one peer may have waiting: its proposal, votes and ticket for tens of rounds. */
  static final int PER_PEER_LIMIT = 256;
  /** Messages waiting at most. */
  static final int TOTAL_LIMIT = 4_096;

  private final List<Event.Received> waiting = new ArrayList<>();
  private final Map<ByteString, Integer> perPeer = new HashMap<>();

  /** Keeps {@code r} unless its sender or the buffer is at its limit; returns whether it was kept. */
  boolean add(Event.Received r) {
    int count = perPeer.getOrDefault(r.from(), 0);
    if (count >= PER_PEER_LIMIT || waiting.size() >= TOTAL_LIMIT) {
      return false;
    }
    perPeer.put(r.from(), count + 1);
    waiting.add(r);
    return true;
  }

  /** Removes and returns every waiting message, in arrival order. */
  List<Event.Received> drain() {
    List<Event.Received> all = new ArrayList<>(waiting);
    waiting.clear();
    perPeer.clear();
    return all;
  }

  /** The sender of the oldest waiting message, if any. */
  Optional<ByteString> firstSender() {
    return waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.get(0).from());
  }

  int size() {
    return waiting.size();
  }
}
