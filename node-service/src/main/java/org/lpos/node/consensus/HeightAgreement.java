package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.senate.Senate;
import org.lpos.node.consensus.OneShots.Action;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * The Tendermint agreement of one height among its senate (PROTOCOL §7; Buchman, Kwon and
 * Milosevic, "The latest gossip on BFT consensus", Algorithm 1), with every count weighed in
 * seats: "2f+1" is Q seats and "f+1" is f+1 seats. Propose, prevote, precommit with
 * lockedValue/lockedRound and validValue/validRound, proof-of-lock re-proposals, the f+1 round
 * skip, timeouts that grow with the round up to a cap, and commit on Q precommit seats of any
 * round. Followers (no seat) hold an instance that never votes.
 *
 * <p>It reaches the node only through {@link HeightServices}, and it reports a decision by
 * returning it from {@link #progress}: the node commits and enters the next height after that call
 * returns, so an agreement is never replaced while one of its methods runs.
 */
final class HeightAgreement {
  private static final int MAX_ROUNDS_AHEAD = 1_000;
  /** Extra stall periods a senator that may be ahead waits for the others. */
  private static final int MAX_STALL_DEFERRALS = 2;

  private final HeightServices services;
  private final ConsensusConfig config;
  private final ByteString self;
  private final Senate senate;
  private final long height;
  private final long startedMs;
  private final int seats;
  private int round;
  private Step step = Step.PROPOSE;
  private Block lockedValue;
  private int lockedRound = -1;
  private Block validValue;
  private int validRound = -1;
  private boolean proposed;
  private boolean hasWork;
  private boolean stateChanged;
  private int stallDeferrals;
  private final Map<Integer, Proposal> proposals = new HashMap<>();
  private final Map<ByteString, Block> blocks = new HashMap<>();
  private final Map<ByteString, Boolean> validity = new HashMap<>();
  /** The peer each proposed block came from, charged if the block turns out invalid. */
  private final Map<ByteString, ByteString> proposedBy = new HashMap<>();
  private final HeightVotes votes;
  private final OneShots once = new OneShots();
  private final RoundTimeouts timeouts;

  /** The agreement of {@code senate}'s height, entered at {@code nowMs} by {@code self}, timed by its {@code pace}. */
  HeightAgreement(Senate senate, ConsensusConfig config, ByteString self, long nowMs, HeightServices services,
      ProposalPace pace) {
    this.services = services;
    this.config = config;
    this.self = self;
    this.senate = senate;
    this.height = senate.height();
    this.startedMs = nowMs;
    this.seats = senate.seatsOf(self);
    this.votes = new HeightVotes(senate);
    this.timeouts = new RoundTimeouts(config, services, height, senate.quorum(), once, pace);
  }

  /**
   * Takes back the lock, valid value and proof this senator persisted at this height before a
   * restart, and returns the round to resume in: the latest round it signed in or locked in. A
   * senator that forgot its lock could precommit another block in a later round (the amnesia
   * fork); one that forgot the proof of its valid value could not make the others accept its
   * re-proposal.
   */
  int restore(AgreementState state, int signedRound) {
    if (state.getLockedRound() >= 0 && state.hasLockedValue()) {
      lockedRound = state.getLockedRound();
      lockedValue = state.getLockedValue();
      blocks.putIfAbsent(Blocks.hash(lockedValue), lockedValue);
    }
    if (state.getValidRound() >= 0 && state.hasValidValue()) {
      validRound = state.getValidRound();
      validValue = state.getValidValue();
      ByteString id = Blocks.hash(validValue);
      blocks.putIfAbsent(id, validValue);
      votes.restoreProof(state.getValidProofList(), height, validRound, id);
    }
    return Math.max(signedRound, Math.max(lockedRound, validRound));
  }

  /** The state to persist if the lock or valid value changed since the last call, else empty. */
  Optional<AgreementState> takeChangedState() {
    if (!stateChanged) {
      return Optional.empty();
    }
    stateChanged = false;
    AgreementState.Builder b = AgreementState.newBuilder().setHeight(height).setLockedRound(lockedRound)
        .setValidRound(validRound);
    if (lockedValue != null) {
      b.setLockedValue(lockedValue);
    }
    if (validValue != null) {
      b.setValidValue(validValue).addAllValidProof(
          votes.of(VoteType.VOTE_TYPE_PREVOTE, validRound).votesFor(Blocks.hash(validValue)));
    }
    return Optional.of(b.build());
  }

  /** {@code message} to the senate of this height, this node excluded. */
  Outbound toSenate(PeerMessage message) {
    return new Outbound.ToSenate(height, votes.senatorsBut(self), message);
  }

  int round() {
    return round;
  }

  Step step() {
    return step;
  }

  int seats() {
    return seats;
  }

  boolean isProposer() {
    return seats > 0 && senate.proposer(round).equals(self);
  }

  void startRound(int r, long now) {
    round = r;
    timeouts.roundStarted(r, now);
    stallDeferrals = 0;
    step = Step.PROPOSE;
    proposed = false;
    hasWork |= r > 0;
  }

  /** A proposal that {@code from} sent, received at {@code now} (charged if its block turns out invalid). */
  void onProposal(Proposal p, ByteString from, long now) {
    if (seats == 0) {
      return;
    }
    int r = p.getRound();
    if (r < 0 || r > round + MAX_ROUNDS_AHEAD) {
      return;
    }
    if (!p.getProposer().equals(senate.proposer(r)) || p.getValidRound() < -1 || p.getValidRound() >= r
        || !p.hasBlock() || !ConsensusMessages.verify(p, services.chainId(), services.signatures())) {
      services.reject(from, Rejection.of(Reason.BAD_MESSAGE, "proposal for height %d round %d refused", height, r));
      return;
    }
    ByteString hash = Blocks.hash(p.getBlock());
    Proposal earlier = proposals.get(r);
    if (earlier != null) {
      if (!Blocks.hash(earlier.getBlock()).equals(hash)) {
        services.reject(from,
            Rejection.of(Reason.BAD_MESSAGE, "second proposal for height %d round %d ignored", height, r));
      }
      return;
    }
    proposals.put(r, p);
    timeouts.proposalArrived(r, now);
    blocks.putIfAbsent(hash, p.getBlock());
    if (from != null) {
      proposedBy.putIfAbsent(hash, from);
    }
    votes.heard(r, p.getProposer());
    hasWork = true;
  }

  /** A vote that {@code from} sent. */
  void onVote(Vote v, ByteString from) {
    if (seats == 0) {
      return;
    }
    int r = v.getRound();
    if (r < 0 || r > round + MAX_ROUNDS_AHEAD || senate.seatsOf(v.getSigner()) == 0
        || !ConsensusMessages.verify(v, services.chainId(), services.signatures())) {
      services.reject(from, Rejection.of(Reason.BAD_MESSAGE, "vote for height %d round %d refused", height, r));
      return;
    }
    votes.of(v.getType(), r).add(v).ifPresent(services::evidence);
    votes.heard(r, v.getSigner());
    hasWork = true;
  }

  /** The block with {@code hash} proposed at this height, if this node holds it. */
  Optional<Block> block(ByteString hash) {
    return Optional.ofNullable(blocks.get(hash));
  }

  /** A valid certificate of this height that {@code from} sent (or null): see {@link HeightVotes#witness}. */
  void witness(CommitCertificate cert, ByteString from) {
    votes.witness(cert, height, services, from);
  }

  void onTimeout(Timers.Timer t, long now) {
    if (t.round() != round) {
      return;
    }
    switch (t.kind()) {
      case PROPOSE_TIMEOUT -> {
        if (step == Step.PROPOSE) {
          vote(VoteType.VOTE_TYPE_PREVOTE, ByteString.EMPTY);
          step = Step.PREVOTE;
        }
      }
      case PREVOTE_TIMEOUT -> {
        if (step == Step.PREVOTE) {
          vote(VoteType.VOTE_TYPE_PRECOMMIT, ByteString.EMPTY);
          step = Step.PRECOMMIT;
        }
      }
      case PRECOMMIT_TIMEOUT -> startRound(round + 1, now);
      case ROUND_STALL -> onRoundStall(now);
      // Only wakes the core: progress() then finds the ticket window closed and proposes.
      case PROPOSE_READY -> { }
      default -> throw new IllegalStateException("not a timer of the agreement: " + t.kind());
    }
  }

  /**
   * The backstop of a round without a quorum (see {@link RoundTimeouts#arm}). A senator moves on
   * when senators worth f + 1 seats (itself included) have shown they are in this round or a later
   * one; otherwise it may be the one ahead, and it waits up to {@value #MAX_STALL_DEFERRALS} more
   * stall periods for the others. Rounds that end by this timer all last the same (the timeouts stop
   * growing at their cap), so without the wait a senator that went ahead once stayed ahead for good:
   * it left each round just before the others' votes of that round arrived, and with exactly a
   * quorum of honest seats no round ever gathered one (found by the amnesia sweep).
   */
  private void onRoundStall(long now) {
    if (votes.seatsInRoundOrLater(round, self) >= senate.maxFaulty() + 1 || stallDeferrals >= MAX_STALL_DEFERRALS) {
      stallDeferrals = 0;
      startRound(round + 1, now);
      return;
    }
    stallDeferrals++;
    timeouts.stallAgain(round, now);
  }

  /**
   * Sends again what this node signed in this round and the one before (a proposal only to the
   * senators that have not voted for its block, which may be megabytes): the network may have lost
   * it (a partition, a peer that restarted), and no rule fires again to re-create it. Also relays
   * the prevotes that justify its valid value (the proof of lock): an equivocating senator may have
   * shown them to this node only, and without them no other senator accepts a re-proposal of it.
   */
  void rebroadcast() {
    if (seats == 0) {
      return;
    }
    if (validValue != null) {
      for (Vote v : votes.of(VoteType.VOTE_TYPE_PREVOTE, validRound).votesFor(Blocks.hash(validValue))) {
        services.send(toSenate(ConsensusMessages.wrap(v)));
      }
    }
    for (int r = Math.max(0, round - 1); r <= round; r++) {
      Proposal p = proposals.get(r);
      List<ByteString> lacking = p != null && p.getProposer().equals(self)
          ? votes.lacking(r, Blocks.hash(p.getBlock()), self) : List.of();
      if (!lacking.isEmpty()) {
        services.send(new Outbound.ToSenate(height, lacking, ConsensusMessages.wrap(p)));
      }
      for (VoteType type : new VoteType[] {VoteType.VOTE_TYPE_PREVOTE, VoteType.VOTE_TYPE_PRECOMMIT}) {
        votes.of(type, r).voteOf(self).ifPresent(v -> services.send(toSenate(ConsensusMessages.wrap(v))));
      }
    }
  }

  // ---- the rules, applied until none fires ----

  /**
   * Applies the rules until none fires. Returns the decided block with its commit certificate as
   * soon as one is decided (the rules stop there: the height is over), else empty.
   */
  Optional<CertifiedBlock> progress(long now) {
    if (seats == 0) {
      return Optional.empty();
    }
    boolean changed = true;
    while (changed) {
      Optional<CertifiedBlock> decided = decided();
      if (decided.isPresent()) {
        return decided;
      }
      changed = propose(now) || prevoteOnProposal() || lockOnPrevoteQuorum() || precommitNilOnNilQuorum()
          || skipToLaterRound(now);
      timeouts.arm(step, round, hasWork, votes, now);
    }
    return Optional.empty();
  }

  private boolean propose(long now) {
    if (step != Step.PROPOSE || proposed || !isProposer()) {
      return false;
    }
    Block block;
    int vr = -1;
    if (validValue != null && validRound < round) {
      block = validValue;
      vr = validRound;
    } else {
      if (round == 0 && !services.hasTransactions()) {
        return false;
      }
      long ready = startedMs + config.ticketWindowMs();
      if (now < ready) {
        timeouts.proposeWhenReady(ready, round);
        return false;
      }
      block = services.buildProposal(round, now);
    }
    proposed = true;
    Optional<Proposal> signed = services.signProposal(height, round, block, vr);
    if (signed.isEmpty()) {
      return false;
    }
    Proposal p = signed.get();
    ByteString hash = Blocks.hash(block);
    proposals.put(round, p);
    blocks.putIfAbsent(hash, block);
    validity.put(hash, true);
    services.send(toSenate(ConsensusMessages.wrap(p)));
    return true;
  }

  private boolean prevoteOnProposal() {
    Proposal p = proposals.get(round);
    if (step != Step.PROPOSE || p == null) {
      return false;
    }
    Block v = p.getBlock();
    ByteString id = Blocks.hash(v);
    int vr = p.getValidRound();
    if (vr == -1) {
      boolean ok = valid(v, round) && (lockedRound == -1 || Blocks.hash(lockedValue).equals(id));
      vote(VoteType.VOTE_TYPE_PREVOTE, ok ? id : ByteString.EMPTY);
      step = Step.PREVOTE;
      return true;
    }
    if (votes.of(VoteType.VOTE_TYPE_PREVOTE, vr).seatsFor(id) >= senate.quorum()) {
      boolean ok = valid(v, round) && (lockedRound <= vr || Blocks.hash(lockedValue).equals(id));
      vote(VoteType.VOTE_TYPE_PREVOTE, ok ? id : ByteString.EMPTY);
      step = Step.PREVOTE;
      return true;
    }
    return false;
  }

  private boolean lockOnPrevoteQuorum() {
    Proposal p = proposals.get(round);
    if (p == null || step == Step.PROPOSE) {
      return false;
    }
    ByteString id = Blocks.hash(p.getBlock());
    if (votes.of(VoteType.VOTE_TYPE_PREVOTE, round).seatsFor(id) < senate.quorum() || !valid(p.getBlock(), round)
        || !once.first(Action.LOCK, round)) {
      return false;
    }
    // The lock and the valid value are persisted (Ready.agreement) before the precommit leaves.
    validValue = p.getBlock();
    validRound = round;
    stateChanged = true;
    if (step == Step.PREVOTE) {
      lockedValue = p.getBlock();
      lockedRound = round;
      vote(VoteType.VOTE_TYPE_PRECOMMIT, id);
      step = Step.PRECOMMIT;
    }
    return true;
  }

  private boolean precommitNilOnNilQuorum() {
    if (step != Step.PREVOTE
        || votes.of(VoteType.VOTE_TYPE_PREVOTE, round).seatsFor(ByteString.EMPTY) < senate.quorum()) {
      return false;
    }
    vote(VoteType.VOTE_TYPE_PRECOMMIT, ByteString.EMPTY);
    step = Step.PRECOMMIT;
    return true;
  }

  private boolean skipToLaterRound(long now) {
    int target = votes.latestRoundWithFPlusOneAfter(round);
    if (target < 0) {
      return false;
    }
    startRound(target, now);
    return true;
  }

  /** A block with Q precommit seats in any round, valid and known here, certified; else empty. */
  private Optional<CertifiedBlock> decided() {
    for (Map.Entry<Integer, VoteSet> e : votes.precommitsByRound()) {
      Optional<ByteString> decided = e.getValue().blockWithQuorum(senate.quorum());
      if (decided.isEmpty()) {
        continue;
      }
      Block block = blocks.get(decided.get());
      if (block == null || !valid(block, e.getKey())) {
        continue;
      }
      return Optional.of(HeightVotes.certify(block, height, e.getKey(), decided.get(), e.getValue()));
    }
    return Optional.empty();
  }

  private void vote(VoteType type, ByteString blockHash) {
    Optional<Vote> signed = services.signVote(type, height, round, blockHash);
    if (signed.isEmpty()) {
      return;
    }
    Vote v = signed.get();
    votes.of(type, round).add(v);
    votes.heard(round, self);
    services.send(toSenate(ConsensusMessages.wrap(v)));
  }

  /** Valid for this height and decidable in round {@code r} (its header's round is not later). */
  private boolean valid(Block block, int r) {
    if (block.getHeader().getRound() > r) {
      return false;
    }
    ByteString hash = Blocks.hash(block);
    Boolean known = validity.get(hash);
    if (known == null) {
      BlockOutcome outcome = services.checkProposal(block);
      known = outcome instanceof BlockOutcome.Valid;
      if (outcome instanceof BlockOutcome.Invalid invalid) {
        ByteString from = proposedBy.get(hash);
        invalid.problems().forEach(p -> services.reject(from, p.within("proposed block: ")));
      }
      validity.put(hash, known);
    }
    return known;
  }
}
