package org.lpos.node.consensus;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;

/**
 * The actions a height's agreement takes at most once per round: arming each timeout, and
 * locking on a prevote quorum (Algorithm 1's "for the first time" conditions).
 */
final class OneShots {
  /** An action done at most once per round. */
  enum Action {
    /** Arm the timer that wakes the proposer when the ticket window closes. */
    PROPOSE_READY,
    PROPOSE_TIMEOUT,
    PREVOTE_TIMEOUT,
    PRECOMMIT_TIMEOUT,
    ROUND_STALL,
    /** Take the valid value (and lock, if prevoting) on a prevote quorum for the proposal. */
    LOCK
  }

  private final Map<Integer, EnumSet<Action>> done = new HashMap<>();

  /** Records {@code action} in {@code round}; true the first time only. */
  boolean first(Action action, int round) {
    return done.computeIfAbsent(round, r -> EnumSet.noneOf(Action.class)).add(action);
  }
}
