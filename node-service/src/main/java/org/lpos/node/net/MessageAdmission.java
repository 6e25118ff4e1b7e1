package org.lpos.node.net;

import com.google.protobuf.ByteString;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.lpos.proto.v1.PeerMessage;

/**
 * Decides at the edge whether a message from an authenticated peer goes on to the driver's queue,
 * by its kind: senate traffic (proposals, votes, tickets) only from keys holding stake; blocks,
 * status, catch-up and transactions from anyone, each within its sender's budget, and followers'
 * block requests also within the allowance all followers share; a message of no known kind is an
 * offence of its sender. Nothing is dropped here without being counted.
 */
final class MessageAdmission {
  /**
   * Block requests answered to all followers together: 10 a second, bursts of 20. A follower
   * catching up asks for one batch at a time (up to 64 blocks, a 1 MiB frame, built on the
   * consensus thread): ten a second is 640 blocks a second for followers, while at 20 a second
   * the unread-block-requests attack still took the consensus thread enough to cut commits to
   * 43% in one run of the suite.
   */
  private static final PeerBudgets.Limit FOLLOWER_BLOCK_REQUESTS = new PeerBudgets.Limit(10, 20);

  /** What becomes of one message. */
  enum Verdict {
    /** On to the driver. */
    ADMITTED,
    /** Dropped and counted; the sender did nothing wrong enough to be charged. */
    DROPPED,
    /** Dropped, and the sender ran over its budget so often that it is to be disconnected. */
    DISCONNECT,
    /** Not a message of any kind a peer may send: charged to the sender as an invalid message. */
    OFFENCE
  }

  private final PeerBudgets budgets;
  private final PeerBudgets followerBudgets;
  private final LongSupplier nanoClock;
  private final Membership membership;
  private final Map<ByteString, PeerBudget> budgetByPeer = new ConcurrentHashMap<>();
  private final Map<MessageKind, AtomicLong> overBudget = new EnumMap<>(MessageKind.class);
  private final Map<MessageKind, AtomicLong> fromNonMembers = new EnumMap<>(MessageKind.class);
  private final TokenBucket followerBlockRequests;

  MessageAdmission(PeerBudgets budgets, PeerBudgets followerBudgets, LongSupplier nanoClock, Membership membership) {
    this.budgets = budgets;
    this.followerBudgets = followerBudgets;
    this.nanoClock = nanoClock;
    this.membership = membership;
    this.followerBlockRequests = new TokenBucket(FOLLOWER_BLOCK_REQUESTS, nanoClock.getAsLong());
    for (MessageKind kind : MessageKind.values()) {
      overBudget.put(kind, new AtomicLong());
      fromNonMembers.put(kind, new AtomicLong());
    }
  }

  /** Judges {@code message}, of {@code kind}, from {@code peer}. */
  Verdict admit(ByteString peer, MessageKind kind, PeerMessage message) {
    switch (kind) {
      case PROPOSAL, VOTE, TICKET -> {
        if (!membership.holdsStake(peer)) {
          // A follower may be connected, but the senate is not its business: dropped before it
          // costs a place in the driver's queue or a signature check.
          fromNonMembers.get(kind).incrementAndGet();
          return Verdict.DROPPED;
        }
        return withinBudget(peer, kind, message);
      }
      case TRANSACTIONS, COMMITTED_BLOCK, COMMIT_NOTICE, BLOCK_REQUEST, BLOCK_RESPONSE, STATUS -> {
        return withinBudget(peer, kind, message);
      }
      case HANDSHAKE, OTHER -> {
        return Verdict.OFFENCE;
      }
      default -> throw new IllegalStateException("message kind without an admission rule: " + kind);
    }
  }

  /** Forgets a peer's budget once it has no stream: a key that comes back pays for a new handshake. */
  void forget(ByteString peer) {
    budgetByPeer.remove(peer);
  }

  /** Messages of {@code kind} dropped unread because their peer ran over its budget. */
  long overBudget(MessageKind kind) {
    return overBudget.get(kind).get();
  }

  /** Senate messages of {@code kind} dropped because their sender holds no stake. */
  long fromNonMembers(MessageKind kind) {
    return fromNonMembers.get(kind).get();
  }

  /**
   * Charges a message to its peer's budget before it reaches the driver's queue; a message over
   * budget is dropped and counted, and a peer that keeps running over is to be disconnected.
   */
  private Verdict withinBudget(ByteString peer, MessageKind kind, PeerMessage message) {
    long now = nanoClock.getAsLong();
    PeerBudget budget = budgetByPeer.computeIfAbsent(peer,
        k -> new PeerBudget(membership.holdsStake(k) ? budgets : followerBudgets, now));
    PeerBudget.Verdict verdict = budget.charge(kind, message, now);
    if (verdict == PeerBudget.Verdict.ADMITTED && kind == MessageKind.BLOCK_REQUEST
        && !membership.holdsStake(peer) && !followerBlockRequests(now)) {
      // Within its own budget, but followers together asked for more blocks than we serve them.
      overBudget.get(kind).incrementAndGet();
      return Verdict.DROPPED;
    }
    if (verdict == PeerBudget.Verdict.ADMITTED) {
      return Verdict.ADMITTED;
    }
    overBudget.get(kind).incrementAndGet();
    return verdict == PeerBudget.Verdict.DROPPED_AND_EXHAUSTED ? Verdict.DISCONNECT : Verdict.DROPPED;
  }

  /**
   * Whether followers together may have one more block request answered: each answer is up to a
   * 1 MiB frame built on the consensus thread, and per-key budgets alone let a hundred fresh keys
   * ask a thousand of them at once (the unread-block-requests attack ran four nodes out of heap).
   */
  private synchronized boolean followerBlockRequests(long now) {
    return followerBlockRequests.tryTake(1, now);
  }
}
