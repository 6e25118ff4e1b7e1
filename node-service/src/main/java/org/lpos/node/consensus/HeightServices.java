package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.Optional;
import org.lpos.chain.block.BlockOutcome;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.ledger.Rejection;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * What a {@link HeightAgreement} needs from the node around it, and no more: check and build
 * blocks, sign (through the signer guard), arm its timeouts and hand over what it emits. The
 * agreement holds no reference to {@link NodeCore}; it reports a decision by returning it from
 * {@link HeightAgreement#progress}, and the core commits after that call returns.
 */
interface HeightServices {
  /** The chain id that signed consensus messages are bound to. */
  String chainId();

  /** This node's signature checks (its cache of verified signatures and its count). */
  SignatureVerifier signatures();

  /** Checks a proposed block against the chain at its tip. */
  BlockOutcome checkProposal(Block block);

  /** Whether clients' transactions wait in the pool (a reason to propose in round 0). */
  boolean hasTransactions();

  /** A new block for this node to propose in {@code round}. */
  Block buildProposal(int round, long nowMs);

  /** Signs a proposal if the signer guard allows it, else empty (and nothing is recorded). */
  Optional<Proposal> signProposal(long height, int round, Block block, int validRound);

  /** Signs a vote if the signer guard allows it, else empty (and nothing is recorded). */
  Optional<Vote> signVote(VoteType type, long height, int round, ByteString blockHash);

  /** Arms a timeout of the agreement at (height, round). */
  void schedule(long atMs, Timers.Kind kind, long height, int round);

  /** Emits a message. */
  void send(Outbound message);

  /** Records a refused input; one that blames its sender is charged to {@code peer} (if not null). */
  void reject(ByteString peer, Rejection rejection);

  /** Records conflicting votes seen. */
  void evidence(Equivocation equivocation);
}
