package org.lpos.node.runtime;

import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link NodeDriver}'s queue of {@link DriverInput} records: timer ticks first, then consensus
 * traffic, then transactions, in arrival order within each. Peers' messages and the node's own
 * submissions each take a share of the {@link DriverCapacity} (peers' also in bytes), so no
 * source can refuse another's work; a tick takes none and at most one waits (it is a coalesced
 * flag: a later tick finds the queued one).
 */
final class DriverQueue {
  /** Timer ticks first, then consensus work, then transactions. */
  enum Priority {
    TIMER,
    CONSENSUS,
    TRANSACTIONS
  }

  /** Whose share of the capacity an input takes. */
  enum Source {
    PEER,
    OWN,
    NONE
  }

  /** An input with its place in the queue and the share of the capacity it holds. */
  private record Queued(Priority priority, long seq, Source source, long bytes, DriverInput input)
      implements Comparable<Queued> {
    @Override
    public int compareTo(Queued o) {
      int c = priority.compareTo(o.priority);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private final DriverCapacity capacity;
  private final PriorityBlockingQueue<Queued> work = new PriorityBlockingQueue<>();
  private final AtomicInteger peerQueued = new AtomicInteger();
  private final AtomicLong peerQueuedBytes = new AtomicLong();
  private final AtomicInteger ownQueued = new AtomicInteger();
  private final AtomicBoolean tickQueued = new AtomicBoolean();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong refusedPeerMessages = new AtomicLong();
  private final AtomicLong refusedPeerBytes = new AtomicLong();

  DriverQueue(DriverCapacity capacity) {
    this.capacity = capacity;
  }

  /** Queues the first input, ahead of anything a source queues. */
  void addStart() {
    work.add(new Queued(Priority.TIMER, sequence.getAndIncrement(), Source.NONE, 0, new DriverInput.Start()));
  }

  /** Queues a tick unless one waits already; never refused. */
  void addTick() {
    if (tickQueued.compareAndSet(false, true)) {
      work.add(new Queued(Priority.TIMER, sequence.getAndIncrement(), Source.NONE, 0, new DriverInput.Tick()));
    }
  }

  /** Queues {@code input} in {@code source}'s share; false (counted for peers) when the share is full. */
  boolean add(Priority priority, Source source, long bytes, DriverInput input) {
    AtomicInteger queued = source == Source.PEER ? peerQueued : ownQueued;
    int limit = source == Source.PEER ? capacity.peerMessages() : capacity.ownWork();
    if (queued.incrementAndGet() > limit) {
      queued.decrementAndGet();
      if (source == Source.PEER) {
        refusedPeerMessages.incrementAndGet();
      }
      return false;
    }
    if (source == Source.PEER && peerQueuedBytes.addAndGet(bytes) > capacity.peerMessageBytes() && bytes > 0) {
      peerQueuedBytes.addAndGet(-bytes);
      queued.decrementAndGet();
      refusedPeerMessages.incrementAndGet();
      refusedPeerBytes.incrementAndGet();
      return false;
    }
    work.add(new Queued(priority, sequence.getAndIncrement(), source, bytes, input));
    return true;
  }

  /** Takes the next input, waiting for one, and frees its share. */
  DriverInput take() throws InterruptedException {
    Queued next = work.take();
    if (next.source() == Source.PEER) {
      peerQueued.decrementAndGet();
      peerQueuedBytes.addAndGet(-next.bytes());
    } else if (next.source() == Source.OWN) {
      ownQueued.decrementAndGet();
    } else if (next.input() instanceof DriverInput.Tick) {
      tickQueued.set(false);
    }
    return next.input();
  }

  /** Removes and returns a waiting input without waiting, or null (used once the loop ended). */
  DriverInput poll() {
    Queued left = work.poll();
    return left == null ? null : left.input();
  }

  /** Serialized bytes of peers' messages waiting. */
  long queuedPeerBytes() {
    return peerQueuedBytes.get();
  }

  /** Peers' messages refused because their share was full (in count or in bytes). */
  long refusedPeerMessages() {
    return refusedPeerMessages.get();
  }

  /** Of those, the ones refused because their share of bytes was full. */
  long refusedForBytes() {
    return refusedPeerBytes.get();
  }
}
