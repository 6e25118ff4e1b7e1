package org.lpos.node.consensus;

import java.util.ArrayList;
import java.util.List;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Transaction;

/**
 * Clients' transactions admitted to the pool and not yet sent to the senate. They leave in
 * batches, at most {@value #DELAY_MS} ms after the first of a batch arrived or at once when the
 * batch holds {@value #MAX_COUNT} or a frame's worth of bytes: one message per transaction cost
 * more than checking it.
 */
final class UnsentTransactions {
  /** How long a submitted transaction waits at most for others to share its message to the senate. */
  static final long DELAY_MS = 5;
  /** Transactions per message to the senate at most. */
  static final int MAX_COUNT = 256;

  /** What the core does after queuing a transaction. */
  enum Next {
    /** The batch is full: send it now. */
    SEND_NOW,
    /** The batch just started: arm its timer. */
    ARM_TIMER,
    /** The batch's timer is already armed. */
    WAIT
  }

  private final List<Transaction> unsent = new ArrayList<>();
  private long unsentBytes;

  Next add(Transaction tx) {
    unsent.add(tx);
    unsentBytes += tx.getSerializedSize();
    if (unsent.size() >= MAX_COUNT || unsentBytes >= FrameLimits.MAX_BATCH_CONTENT_BYTES) {
      return Next.SEND_NOW;
    }
    return unsent.size() == 1 ? Next.ARM_TIMER : Next.WAIT;
  }

  /** The queued transactions in frames (none if the queue is empty), and an empty queue. */
  List<PeerMessage> takeFrames() {
    if (unsent.isEmpty()) {
      return List.of();
    }
    List<PeerMessage> frames = FrameLimits.transactionBatches(unsent);
    unsent.clear();
    unsentBytes = 0;
    return frames;
  }
}
