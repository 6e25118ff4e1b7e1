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
 * whole block by calling it a proposal. Only the first proposal of each round of the height being
 * decided, signed by a member of that height's senate, is checked ahead: a proposer can therefore
 * cost a node at most one block's signatures per round it leads, which a valid block costs
 * anyway; everything else reaches the core unverified and is judged there as before.
 */
final class ProposalScreen {
  /** Rounds beyond the current one whose proposals may be checked ahead (a lagging node's view). */
  static final int ROUNDS_AHEAD = 4;

  private final Supplier<NodeStatus> status;
  private final Supplier<SignaturePrecheck.Context> context;
  private final Set<Integer> roundsChecked = new HashSet<>();
  private long height = -1;

  ProposalScreen(Supplier<NodeStatus> status, Supplier<SignaturePrecheck.Context> context) {
    this.status = status;
    this.context = context;
  }

  /** Whether {@code p}'s transactions should be verified ahead (then no other proposal of its round is). */
  boolean worthCheckingAhead(Proposal p) {
    NodeStatus now = status.get();
    if (now.height() != height) {
      height = now.height();
      roundsChecked.clear();
    }
    int round = p.getRound();
    if (p.getHeight() != now.height() || round < now.round() || round > now.round() + ROUNDS_AHEAD
        || now.senate() == null || now.senate().seatsOf(p.getProposer()) == 0
        || roundsChecked.contains(round)) {
      return false;
    }
    SignaturePrecheck.Context c = context.get();
    if (!ConsensusMessages.verify(p, c.chainId(), c.verifier())) {
      return false;
    }
    roundsChecked.add(round);
    return true;
  }
}
