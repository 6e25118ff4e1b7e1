package org.lpos.node.runtime;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.lpos.node.consensus.ConsensusMessages;
import org.lpos.node.consensus.NodeStatus;
import org.lpos.proto.v1.Proposal;

/**
 * Decides whether a peer's proposal is worth verifying its transactions ahead of the core, on the
 * proposal lane's thread (its only caller). Without it, anyone could make a node batch-verify a
 * whole block by calling it a proposal. Only the first proposal of each round, signed by a member
 * of the senate of the height being decided, is checked ahead, for that height or the next one
 * (the proposer of the next height often commits and proposes before this node's loop has taken
 * the commit, so most proposals arrive "early"; the next senate is not known yet, and the current
 * one stands in for it). A senator can therefore cost a node at most one block's signatures per
 * round, which a valid block costs anyway; everything else reaches the core unverified and is
 * judged there as before.
 */
final class ProposalScreen {
  /** Rounds beyond the current one whose proposals may be checked ahead (a lagging node's view). */
  static final int ROUNDS_AHEAD = 4;

  private final Supplier<NodeStatus> status;
  private final Supplier<SignaturePrecheck.Context> context;
  /** Rounds checked ahead, of the height being decided and the next. */
  private final Set<HeightRound> roundsChecked = new HashSet<>();
  private long height = -1;

  private record HeightRound(long height, int round) {}

  ProposalScreen(Supplier<NodeStatus> status, Supplier<SignaturePrecheck.Context> context) {
    this.status = status;
    this.context = context;
  }

  /** Whether {@code p}'s transactions should be verified ahead (then no other proposal of its round is). */
  boolean worthCheckingAhead(Proposal p) {
    NodeStatus now = status.get();
    if (now.height() != height) {
      height = now.height();
      roundsChecked.removeIf(r -> r.height() < height);
    }
    int round = p.getRound();
    int firstRound = p.getHeight() == now.height() ? now.round() : 0;
    boolean current = p.getHeight() == now.height() || p.getHeight() == now.height() + 1;
    HeightRound key = new HeightRound(p.getHeight(), round);
    if (!current || round < firstRound || round > firstRound + ROUNDS_AHEAD
        || now.senate() == null || now.senate().seatsOf(p.getProposer()) == 0
        || roundsChecked.contains(key)) {
      return false;
    }
    SignaturePrecheck.Context c = context.get();
    if (!ConsensusMessages.verify(p, c.chainId(), c.verifier())) {
      return false;
    }
    roundsChecked.add(key);
    return true;
  }
}
