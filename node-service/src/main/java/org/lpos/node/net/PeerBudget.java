package org.lpos.node.net;

import org.lpos.proto.v1.PeerMessage;

/**
 * One peer's spending against {@link PeerBudgets}: which of its messages are admitted, and
 * whether its overruns are still forgiven. Shared by all streams of the peer's key, so a second
 * stream does not double its budget; callable from any thread.
 */
final class PeerBudget {
  /** What became of a message. */
  enum Verdict {
    ADMITTED,
    DROPPED,
    DROPPED_AND_EXHAUSTED
  }

  private final TokenBucket consensus;
  private final TokenBucket tickets;
  private final TokenBucket transactions;
  private final TokenBucket transactionBytes;
  private final TokenBucket blockRequests;
  private final TokenBucket statuses;
  private final TokenBucket overruns;

  PeerBudget(PeerBudgets limits, long nowNanos) {
    this.consensus = new TokenBucket(limits.consensus(), nowNanos);
    this.tickets = new TokenBucket(limits.tickets(), nowNanos);
    this.transactions = new TokenBucket(limits.transactions(), nowNanos);
    this.transactionBytes = new TokenBucket(limits.transactionBytes(), nowNanos);
    this.blockRequests = new TokenBucket(limits.blockRequests(), nowNanos);
    this.statuses = new TokenBucket(limits.statuses(), nowNanos);
    this.overruns = new TokenBucket(limits.overruns(), nowNanos);
  }

  /**
   * Charges {@code message} of {@code kind} at {@code nowNanos}: admitted if its budget holds it;
   * otherwise dropped, and counted as an overrun that exhausts the peer's tolerance when too many
   * came too fast.
   */
  synchronized Verdict charge(MessageKind kind, PeerMessage message, long nowNanos) {
    if (admits(kind, message, nowNanos)) {
      return Verdict.ADMITTED;
    }
    return overruns.tryTake(1, nowNanos) ? Verdict.DROPPED : Verdict.DROPPED_AND_EXHAUSTED;
  }

  private boolean admits(MessageKind kind, PeerMessage message, long nowNanos) {
    return switch (kind) {
      case PROPOSAL, VOTE, COMMITTED_BLOCK, COMMIT_NOTICE -> consensus.tryTake(1, nowNanos);
      case TICKET -> tickets.tryTake(1, nowNanos);
      case BLOCK_REQUEST -> blockRequests.tryTake(1, nowNanos);
      case STATUS -> statuses.tryTake(1, nowNanos);
      case TRANSACTIONS -> {
        long count = Math.max(1, message.getTransactions().getTransactionsCount());
        long bytes = message.getSerializedSize();
        if (!transactions.has(count, nowNanos) || !transactionBytes.has(bytes, nowNanos)) {
          yield false;
        }
        transactions.take(count);
        transactionBytes.take(bytes);
        yield true;
      }
      case BLOCK_RESPONSE, HANDSHAKE, OTHER -> true;
    };
  }
}
