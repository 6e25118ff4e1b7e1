package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.model.Blocks;
import org.lpos.node.consensus.SignerRecord.SignStep;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * The node's side of {@link HeightServices}: its key behind the signer guard, its chain, pool and
 * tickets for proposals, its timers, and the step's output. One instance serves every height.
 */
final class CoreHeightServices implements HeightServices {
  private final KeyPair key;
  private final ChainState chain;
  private final SignerGuard guard;
  private final TxPool pool;
  private final ProposalBuilder proposals;
  private final Timers timers;
  private final StepOutput out;

  CoreHeightServices(KeyPair key, ChainState chain, SignerGuard guard, TxPool pool, TicketBox tickets, Timers timers,
      StepOutput out) {
    this.key = key;
    this.chain = chain;
    this.guard = guard;
    this.pool = pool;
    this.proposals = new ProposalBuilder(chain, key, pool, tickets);
    this.timers = timers;
    this.out = out;
  }

  @Override
  public String chainId() {
    return chain.chainId();
  }

  @Override
  public SignatureVerifier signatures() {
    return chain.caches().signatures();
  }

  @Override
  public BlockOutcome checkProposal(Block block) {
    return chain.checkProposal(block);
  }

  @Override
  public boolean hasTransactions() {
    return !pool.isEmpty();
  }

  @Override
  public Block buildProposal(int round, long nowMs) {
    return proposals.build(round, nowMs);
  }

  @Override
  public Optional<Proposal> signProposal(long height, int round, Block block, int validRound) {
    if (!guard.allow(height, round, SignStep.PROPOSAL, Blocks.hash(block))) {
      return Optional.empty();
    }
    out.signed();
    return Optional.of(ConsensusMessages.proposal(key, chain.chainId(), height, round, block, validRound));
  }

  @Override
  public Optional<Vote> signVote(VoteType type, long height, int round, ByteString blockHash) {
    SignStep step = type == VoteType.VOTE_TYPE_PREVOTE ? SignStep.PREVOTE : SignStep.PRECOMMIT;
    if (!guard.allow(height, round, step, blockHash)) {
      return Optional.empty();
    }
    out.signed();
    return Optional.of(ConsensusMessages.vote(key, chain.chainId(), type, height, round, blockHash));
  }

  @Override
  public void schedule(long atMs, Timers.Kind kind, long height, int round) {
    timers.schedule(atMs, kind, height, round);
  }

  @Override
  public void send(Outbound message) {
    out.send(message);
  }

  @Override
  public void reject(ByteString peer, Rejection rejection) {
    out.reject(peer, rejection);
  }

  @Override
  public void evidence(Equivocation equivocation) {
    out.evidence(equivocation);
  }
}
