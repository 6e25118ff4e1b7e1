package org.lpos.node.consensus;

import java.util.HashMap;
import java.util.Map;
import org.lpos.node.consensus.OneShots.Action;
import org.lpos.proto.v1.VoteType;

/**
 * Arms the timeouts of one height's rounds, each at most once per round: propose, prevote and
 * precommit (Algorithm 1's, growing with the round up to a cap), the proposer's wake-up when the
 * ticket window closes, and the stall backstop. The propose timeout starts from the node's
 * {@link ProposalPace}, which it also tells when each round began and when its proposal came.
 */
final class RoundTimeouts {
  private final ConsensusConfig config;
  private final HeightServices services;
  private final long height;
  private final int quorum;
  private final OneShots once;
  private final ProposalPace pace;
  private final Map<Integer, Long> roundStartedMs = new HashMap<>();

  RoundTimeouts(ConsensusConfig config, HeightServices services, long height, int quorum, OneShots once,
      ProposalPace pace) {
    this.config = config;
    this.services = services;
    this.height = height;
    this.quorum = quorum;
    this.once = once;
    this.pace = pace;
  }

  /** This node entered {@code round} at {@code now} (the first time counts). */
  void roundStarted(int round, long now) {
    roundStartedMs.putIfAbsent(round, now);
  }

  /** The first valid proposal of {@code round} arrived at {@code now} (one of a round not yet entered is not timed). */
  void proposalArrived(int round, long now) {
    Long started = roundStartedMs.get(round);
    if (started != null) {
      pace.observe(now - started);
    }
  }

  /** Wakes the proposer of {@code round} at {@code atMs}, when the ticket window closes. */
  void proposeWhenReady(long atMs, int round) {
    if (once.first(Action.PROPOSE_READY, round)) {
      services.schedule(atMs, Timers.Kind.PROPOSE_READY, height, round);
    }
  }

  /** Arms the timeouts whose conditions now hold in {@code round} at {@code step}. */
  void arm(Step step, int round, boolean hasWork, HeightVotes votes, long now) {
    if (step == Step.PROPOSE && (hasWork || services.hasTransactions()) && once.first(Action.PROPOSE_TIMEOUT, round)) {
      services.schedule(now + config.grown(pace.proposeTimeoutMs(config), round), Timers.Kind.PROPOSE_TIMEOUT, height,
          round);
    }
    if (step == Step.PREVOTE && votes.of(VoteType.VOTE_TYPE_PREVOTE, round).totalSeats() >= quorum
        && once.first(Action.PREVOTE_TIMEOUT, round)) {
      services.schedule(now + config.grown(config.timeoutPrevoteMs(), round), Timers.Kind.PREVOTE_TIMEOUT, height,
          round);
    }
    // A backstop when no quorum of votes of this round ever arrives: a senator that crashed after
    // recording a vote and before sending it cannot sign that vote again, nor re-create a vote the
    // network lost before its crash, and without a quorum no rule above fires. Moving to the next
    // round is always safe (locks carry over); the others follow once f + 1 seats speak there.
    if (step != Step.PROPOSE && once.first(Action.ROUND_STALL, round)) {
      stallAgain(round, now);
    }
    if (votes.of(VoteType.VOTE_TYPE_PRECOMMIT, round).totalSeats() >= quorum
        && once.first(Action.PRECOMMIT_TIMEOUT, round)) {
      services.schedule(now + config.grown(config.timeoutPrecommitMs(), round), Timers.Kind.PRECOMMIT_TIMEOUT,
          height, round);
    }
  }

  /** Arms one more stall period of {@code round}. */
  void stallAgain(int round, long now) {
    services.schedule(now + 2 * config.timeoutCapMs(), Timers.Kind.ROUND_STALL, height, round);
  }
}
