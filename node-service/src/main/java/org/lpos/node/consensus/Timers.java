package org.lpos.node.consensus;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.TreeSet;

/** The core's scheduled timeouts, fired by {@link Event.Tick} events; the core never reads a clock. */
final class Timers {
  /** What a timer does when it fires. */
  enum Kind {
    PROPOSE_TIMEOUT,
    PREVOTE_TIMEOUT,
    PRECOMMIT_TIMEOUT,
    PROPOSE_READY,
    CATCH_UP_RETRY,
    REBROADCAST,
    SEND_TRANSACTIONS,
    ROUND_STALL
  }

  /** One scheduled timeout for (height, round). */
  record Timer(long atMs, long seq, Kind kind, long height, int round) implements Comparable<Timer> {
    @Override
    public int compareTo(Timer o) {
      int c = Long.compare(atMs, o.atMs);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final TreeSet<Timer> pending = new TreeSet<>();
  private long seq;

  void schedule(long atMs, Kind kind, long height, int round) {
    pending.add(new Timer(atMs, seq++, kind, height, round));
  }

  /** Removes and returns the timers due at {@code nowMs}, earliest first. */
  List<Timer> due(long nowMs) {
    List<Timer> due = new ArrayList<>();
    while (!pending.isEmpty() && pending.first().atMs() <= nowMs) {
      due.add(pending.pollFirst());
    }
    return due;
  }

  /** Drops the timers of heights below {@code height}. */
  void dropBelow(long height) {
    pending.removeIf(t -> t.height() < height);
  }

  OptionalLong next() {
    return pending.isEmpty() ? OptionalLong.empty() : OptionalLong.of(pending.first().atMs());
  }
}
