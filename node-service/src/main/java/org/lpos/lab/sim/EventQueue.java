package org.lpos.lab.sim;

import java.util.PriorityQueue;

/** The simulation's future: events ordered by (time, order of scheduling), so ties replay exactly. */
final class EventQueue {
  /** One scheduled event. */
  record Scheduled(long atMs, long seq, SimEvent event) implements Comparable<Scheduled> {
    @Override
    public int compareTo(Scheduled o) {
      int c = Long.compare(atMs, o.atMs);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
  private long seq;

  void schedule(long atMs, SimEvent event) {
    queue.add(new Scheduled(atMs, seq++, event));
  }

  Scheduled poll() {
    return queue.poll();
  }

  boolean isEmpty() {
    return queue.isEmpty();
  }
}
