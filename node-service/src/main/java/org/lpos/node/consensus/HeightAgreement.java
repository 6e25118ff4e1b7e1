package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.ledger.PendingUtxos;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.TransactionValidator;
import org.lpos.chain.ledger.TxOutcome;
import org.lpos.chain.genesis.BlockBuilder;
import org.lpos.chain.model.BlockSizes;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.senate.Senate;
import org.lpos.node.consensus.SignerRecord.SignStep;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.CommitCertificate;
import org.lpos.proto.v1.PrecommitSignature;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Ticket;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * The Tendermint agreement of one height among its senate (PROTOCOL §7; Buchman, Kwon and
 * Milosevic, "The latest gossip on BFT consensus", Algorithm 1), with every count weighed in
 * seats: "2f+1" is Q seats and "f+1" is f+1 seats. Propose, prevote, precommit with
 * lockedValue/lockedRound and validValue/validRound, proof-of-lock re-proposals, the f+1 round
 * skip, timeouts that grow with the round up to a cap, and commit on Q precommit seats of any
 * round. Followers (no seat) hold an instance that never votes.
 */
final class HeightAgreement {
  private static final int MAX_ROUNDS_AHEAD = 1_000;
  /** Extra stall periods a senator that may be ahead waits for the others. */
  private static final int MAX_STALL_DEFERRALS = 2;

  private final NodeCore core;
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
  private final Map<Integer, VoteSet> prevotes = new HashMap<>();
  private final Map<Integer, VoteSet> precommits = new HashMap<>();
  private final Map<Integer, Set<ByteString>> senders = new HashMap<>();
  private final Set<String> once = new HashSet<>();

  HeightAgreement(NodeCore core, Senate senate, long nowMs) {
    this.core = core;
    this.senate = senate;
    this.height = senate.height();
    this.startedMs = nowMs;
    this.seats = senate.seatsOf(core.publicKey());
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
      for (Vote v : state.getValidProofList()) {
        if (v.getHeight() == height && v.getRound() == validRound && v.getType() == VoteType.VOTE_TYPE_PREVOTE
            && v.getBlockHash().equals(id) && senate.seatsOf(v.getSigner()) > 0) {
          votes(VoteType.VOTE_TYPE_PREVOTE, validRound).add(v);
        }
      }
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
          votes(VoteType.VOTE_TYPE_PREVOTE, validRound).votesFor(Blocks.hash(validValue)));
    }
    return Optional.of(b.build());
  }

  Senate senate() {
    return senate;
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
    return seats > 0 && senate.proposer(round).equals(core.publicKey());
  }

  void startRound(int r, long now) {
    round = r;
    stallDeferrals = 0;
    step = Step.PROPOSE;
    proposed = false;
    if (r > 0) {
      hasWork = true;
    }
  }

  // ---- inputs ----

  void onProposal(Proposal p, long now) {
    if (seats == 0) {
      return;
    }
    int r = p.getRound();
    if (r < 0 || r > round + MAX_ROUNDS_AHEAD) {
      return;
    }
    if (!p.getProposer().equals(senate.proposer(r)) || p.getValidRound() < -1 || p.getValidRound() >= r
        || !p.hasBlock() || !ConsensusMessages.verify(p, core.chain().chainId(), core.chain().caches().signatures())) {
      core.reject(Rejection.of(Reason.BAD_MESSAGE, "proposal for height %d round %d refused", height, r));
      return;
    }
    ByteString hash = Blocks.hash(p.getBlock());
    Proposal earlier = proposals.get(r);
    if (earlier != null) {
      if (!Blocks.hash(earlier.getBlock()).equals(hash)) {
        core.reject(Rejection.of(Reason.BAD_MESSAGE, "second proposal for height %d round %d ignored", height, r));
      }
      return;
    }
    proposals.put(r, p);
    blocks.putIfAbsent(hash, p.getBlock());
    if (core.sender() != null) {
      proposedBy.putIfAbsent(hash, core.sender());
    }
    senders.computeIfAbsent(r, k -> new HashSet<>()).add(p.getProposer());
    hasWork = true;
  }

  void onVote(Vote v, long now) {
    if (seats == 0) {
      return;
    }
    int r = v.getRound();
    if (r < 0 || r > round + MAX_ROUNDS_AHEAD || senate.seatsOf(v.getSigner()) == 0
        || !ConsensusMessages.verify(v, core.chain().chainId(), core.chain().caches().signatures())) {
      core.reject(Rejection.of(Reason.BAD_MESSAGE, "vote for height %d round %d refused", height, r));
      return;
    }
    VoteSet set = votes(v.getType(), r);
    set.add(v).ifPresent(core::evidence);
    senders.computeIfAbsent(r, k -> new HashSet<>()).add(v.getSigner());
    hasWork = true;
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
      default -> { }
    }
  }

  /**
   * The backstop of a round without a quorum (see {@link #scheduleTimeouts}). A senator moves on
   * when senators worth f + 1 seats (itself included) have shown they are in this round or a later
   * one; otherwise it may be the one ahead, and it waits up to {@value #MAX_STALL_DEFERRALS} more
   * stall periods for the others. Rounds that end by this timer all last the same (the timeouts
   * stop growing at their cap), so without the wait a senator that went ahead once stayed ahead
   * for good: it left each round just before the others' votes of that round arrived, and with
   * exactly a quorum of honest seats no round ever gathered one (found by the amnesia sweep).
   */
  private void onRoundStall(long now) {
    if (seatsInRoundOrLater(round) >= senate.maxFaulty() + 1 || stallDeferrals >= MAX_STALL_DEFERRALS) {
      stallDeferrals = 0;
      startRound(round + 1, now);
      return;
    }
    stallDeferrals++;
    core.timers().schedule(now + 2 * core.config().timeoutCapMs(), Timers.Kind.ROUND_STALL, height, round);
  }

  private int seatsInRoundOrLater(int r) {
    Set<ByteString> signers = new HashSet<>();
    signers.add(core.publicKey());
    for (Map.Entry<Integer, Set<ByteString>> e : senders.entrySet()) {
      if (e.getKey() >= r) {
        signers.addAll(e.getValue());
      }
    }
    return seatsOf(signers);
  }

  /**
   * Sends again what this node signed in this round and the one before: the network may have lost
   * it (a partition, a peer that restarted), and no rule fires again to re-create it. Also relays
   * the prevotes that justify its valid value (the proof of lock): an equivocating senator may have
   * shown them to this node only, and without them no other senator accepts a re-proposal of it.
   */
  void rebroadcast() {
    if (seats == 0) {
      return;
    }
    if (validValue != null) {
      for (Vote v : votes(VoteType.VOTE_TYPE_PREVOTE, validRound).votesFor(Blocks.hash(validValue))) {
        core.send(core.toSenate(ConsensusMessages.wrap(v)));
      }
    }
    for (int r = Math.max(0, round - 1); r <= round; r++) {
      Proposal p = proposals.get(r);
      if (p != null && p.getProposer().equals(core.publicKey())) {
        core.send(core.toSenate(ConsensusMessages.wrap(p)));
      }
      for (VoteType type : new VoteType[] {VoteType.VOTE_TYPE_PREVOTE, VoteType.VOTE_TYPE_PRECOMMIT}) {
        votes(type, r).voteOf(core.publicKey())
            .ifPresent(v -> core.send(core.toSenate(ConsensusMessages.wrap(v))));
      }
    }
  }

  // ---- the rules, applied until none fires ----

  void progress(long now) {
    if (seats == 0) {
      return;
    }
    boolean changed = true;
    while (changed) {
      if (commitIfDecided(now)) {
        return;
      }
      changed = propose(now) || prevoteOnProposal() || lockOnPrevoteQuorum() || precommitNilOnNilQuorum()
          || skipToLaterRound(now);
      scheduleTimeouts(now);
    }
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
      if (round == 0 && core.pool().isEmpty()) {
        return false;
      }
      long ready = startedMs + core.config().ticketWindowMs();
      if (now < ready) {
        if (once.add("ready:" + round)) {
          core.timers().schedule(ready, Timers.Kind.PROPOSE_READY, height, round);
        }
        return false;
      }
      block = buildBlock(now);
    }
    proposed = true;
    ByteString hash = Blocks.hash(block);
    if (!core.guard().allow(height, round, SignStep.PROPOSAL, hash)) {
      return false;
    }
    core.signed();
    Proposal p = ConsensusMessages.proposal(core.key(), core.chain().chainId(), height, round, block, vr);
    proposals.put(round, p);
    blocks.putIfAbsent(hash, block);
    validity.put(hash, true);
    core.send(core.toSenate(ConsensusMessages.wrap(p)));
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
    if (votes(VoteType.VOTE_TYPE_PREVOTE, vr).seatsFor(id) >= senate.quorum()) {
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
    if (votes(VoteType.VOTE_TYPE_PREVOTE, round).seatsFor(id) < senate.quorum() || !valid(p.getBlock(), round)
        || !once.add("lock:" + round)) {
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
        || votes(VoteType.VOTE_TYPE_PREVOTE, round).seatsFor(ByteString.EMPTY) < senate.quorum()) {
      return false;
    }
    vote(VoteType.VOTE_TYPE_PRECOMMIT, ByteString.EMPTY);
    step = Step.PRECOMMIT;
    return true;
  }

  private boolean skipToLaterRound(long now) {
    int target = -1;
    for (Map.Entry<Integer, Set<ByteString>> e : senders.entrySet()) {
      if (e.getKey() > round && e.getKey() > target && seatsOf(e.getValue()) >= senate.maxFaulty() + 1) {
        target = e.getKey();
      }
    }
    if (target < 0) {
      return false;
    }
    startRound(target, now);
    return true;
  }

  private boolean commitIfDecided(long now) {
    for (Map.Entry<Integer, VoteSet> e : precommits.entrySet()) {
      Optional<ByteString> decided = e.getValue().blockWithQuorum(senate.quorum());
      if (decided.isEmpty()) {
        continue;
      }
      Block block = blocks.get(decided.get());
      if (block == null || !valid(block, e.getKey())) {
        continue;
      }
      core.commitDecided(certify(block, e.getKey(), decided.get(), e.getValue()), now);
      return true;
    }
    return false;
  }

  private void scheduleTimeouts(long now) {
    ConsensusConfig c = core.config();
    if (step == Step.PROPOSE && (hasWork || !core.pool().isEmpty()) && once.add("propose:" + round)) {
      core.timers().schedule(now + c.grown(c.timeoutProposeMs(), round), Timers.Kind.PROPOSE_TIMEOUT, height, round);
    }
    if (step == Step.PREVOTE && votes(VoteType.VOTE_TYPE_PREVOTE, round).totalSeats() >= senate.quorum()
        && once.add("prevote:" + round)) {
      core.timers().schedule(now + c.grown(c.timeoutPrevoteMs(), round), Timers.Kind.PREVOTE_TIMEOUT, height, round);
    }
    // A backstop when no quorum of votes of this round ever arrives: a senator that crashed after
    // recording a vote and before sending it cannot sign that vote again, nor re-create a vote the
    // network lost before its crash, and without a quorum no rule above fires. Moving to the next
    // round is always safe (locks carry over); the others follow once f + 1 seats speak there.
    if (step != Step.PROPOSE && once.add("stall:" + round)) {
      core.timers().schedule(now + 2 * c.timeoutCapMs(), Timers.Kind.ROUND_STALL, height, round);
    }
    if (votes(VoteType.VOTE_TYPE_PRECOMMIT, round).totalSeats() >= senate.quorum() && once.add("precommit:" + round)) {
      core.timers().schedule(now + c.grown(c.timeoutPrecommitMs(), round), Timers.Kind.PRECOMMIT_TIMEOUT,
          height, round);
    }
  }

  // ---- helpers ----

  private void vote(VoteType type, ByteString blockHash) {
    SignStep signStep = type == VoteType.VOTE_TYPE_PREVOTE ? SignStep.PREVOTE : SignStep.PRECOMMIT;
    if (!core.guard().allow(height, round, signStep, blockHash)) {
      return;
    }
    core.signed();
    Vote v = ConsensusMessages.vote(core.key(), core.chain().chainId(), type, height, round, blockHash);
    votes(type, round).add(v);
    senders.computeIfAbsent(round, k -> new HashSet<>()).add(core.publicKey());
    core.send(core.toSenate(ConsensusMessages.wrap(v)));
  }

  private VoteSet votes(VoteType type, int r) {
    Map<Integer, VoteSet> sets = type == VoteType.VOTE_TYPE_PRECOMMIT ? precommits : prevotes;
    return sets.computeIfAbsent(r, k -> new VoteSet(senate));
  }

  private int seatsOf(Set<ByteString> signers) {
    int total = 0;
    for (ByteString s : signers) {
      total += senate.seatsOf(s);
    }
    return total;
  }

  /** Valid for this height and decidable in round {@code r} (its header's round is not later). */
  private boolean valid(Block block, int r) {
    if (block.getHeader().getRound() > r) {
      return false;
    }
    ByteString hash = Blocks.hash(block);
    Boolean known = validity.get(hash);
    if (known == null) {
      BlockOutcome outcome = core.chain().checkProposal(block);
      known = outcome instanceof BlockOutcome.Valid;
      if (outcome instanceof BlockOutcome.Invalid invalid) {
        ByteString from = proposedBy.get(hash);
        invalid.problems().forEach(p -> core.rejectFrom(from, p.within("proposed block: ")));
      }
      validity.put(hash, known);
    }
    return known;
  }

  private CertifiedBlock certify(Block block, int r, ByteString hash, VoteSet set) {
    CommitCertificate.Builder cert = CommitCertificate.newBuilder().setHeight(height).setRound(r).setBlockHash(hash);
    for (Vote v : set.votesFor(hash)) {
      cert.addPrecommits(PrecommitSignature.newBuilder().setSigner(v.getSigner()).setSignature(v.getSignature()));
    }
    return CertifiedBlock.newBuilder().setBlock(block).setCertificate(cert).build();
  }

  private Block buildBlock(long now) {
    ChainState chain = core.chain();
    int maxTxs = chain.params().getMaxBlockTransactions();
    long maxBytes = chain.params().getMaxBlockBytes();
    Ticket ticket = core.tickets().lowest().orElseGet(() -> BlockBuilder.ownTicket(chain, core.key()));
    long timestampMs = Math.max(now, chain.tip().timestampMs());
    // The header's size does not depend on the transactions (the merkle root is 32 bytes even
    // for none), so what is left after it is exactly the room for their fields.
    Block empty = BlockBuilder.proposal(chain, core.publicKey(), round, timestampMs, List.of(), ticket);
    long room = maxBytes == 0 ? 0 : Math.max(1, maxBytes - BlockSizes.headerField(empty.getHeader()));
    PendingUtxos pending = new PendingUtxos(chain.utxos());
    List<Transaction> txs = new ArrayList<>();
    for (Transaction tx : core.pool().reap(maxTxs, room)) {
      TxOutcome outcome = TransactionValidator.check(chain.caches(), chain.chainId(), tx, pending);
      if (outcome instanceof TxOutcome.Valid v) {
        pending.apply(v.spent(), v.created());
        txs.add(tx);
      }
    }
    Block block = BlockBuilder.proposal(chain, core.publicKey(), round, timestampMs, txs, ticket);
    if (maxBytes != 0 && block.getSerializedSize() > maxBytes) {
      throw new IllegalStateException("built a block of " + block.getSerializedSize() + " bytes, limit " + maxBytes);
    }
    return block;
  }
}
