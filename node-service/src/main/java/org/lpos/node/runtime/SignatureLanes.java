package org.lpos.node.runtime;

import java.util.function.Supplier;
import org.lpos.node.consensus.NodeCore;
import org.lpos.node.consensus.NodeStatus;

/**
 * The {@link NodeDriver}'s two {@link SignaturePrecheck} lanes, each on its own thread: one for
 * peers' transaction batches and the node's own submissions, one for proposals (screened by a
 * {@link ProposalScreen}), so a proposal never waits behind a backlog of batches. The driver
 * publishes here, on its loop, what the lanes read of the chain.
 */
final class SignatureLanes implements AutoCloseable {
  private final SignaturePrecheck transactions;
  private final SignaturePrecheck proposals;
  private final ProposalScreen screen;
  private volatile SignaturePrecheck.Context context;

  /**
   * Lanes reading the chain of {@code core} (now, on the caller's thread) and the driver's
   * {@code status}, sending what they took to {@code outlet}.
   */
  SignatureLanes(NodeCore core, Supplier<NodeStatus> status, SignaturePrecheck.Outlet outlet) {
    this.context = contextOf(core);
    this.screen = new ProposalScreen(status, () -> context);
    this.transactions = new SignaturePrecheck("lpos-verify", () -> context, input -> true, outlet);
    this.proposals = new SignaturePrecheck("lpos-verify-proposals", () -> context,
        input -> input instanceof DriverInput.FromPeer p && screen.worthCheckingAhead(p.event().message().getProposal()),
        outlet);
  }

  void start() {
    transactions.start();
    proposals.start();
  }

  /** A peer's batch of transactions, or the node's own submission. */
  void transactions(DriverInput input) {
    transactions.offer(input);
  }

  /** A peer's proposal; its transactions are verified ahead only if the screen lets it. */
  void proposal(DriverInput.FromPeer input) {
    proposals.offer(input);
  }

  /** Called by the loop after each step: a new output set (a restored chain) is published. */
  void published(NodeCore core) {
    if (core.chain().utxos() != context.outputs()) {
      context = contextOf(core);
    }
  }

  @Override
  public void close() {
    transactions.close();
    proposals.close();
  }

  private static SignaturePrecheck.Context contextOf(NodeCore core) {
    return new SignaturePrecheck.Context(core.chain().chainId(), core.chain().caches().signatures(),
        core.chain().utxos(), core.chain().caches().txIds());
  }
}
