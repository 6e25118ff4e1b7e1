package org.lpos.node.runtime;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.function.Supplier;
import org.lpos.node.consensus.NodeCore;
import org.lpos.node.consensus.NodeStatus;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Transaction;

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

  /** Lanes reading the chain of {@code core} (now, on the caller's thread) and the driver's {@code status}. */
  SignatureLanes(NodeCore core, Supplier<NodeStatus> status) {
    this.context = contextOf(core);
    this.transactions = new SignaturePrecheck("lpos-verify", () -> context);
    this.proposals = new SignaturePrecheck("lpos-verify-proposals", () -> context);
    this.screen = new ProposalScreen(status, () -> context);
  }

  void start() {
    transactions.start();
    proposals.start();
  }

  /** A batch of transactions from {@code from} (or {@link SignaturePrecheck#OWN}). */
  void transactions(ByteString from, List<Transaction> txs, Runnable forward, Runnable refuse) {
    transactions.offer(new SignaturePrecheck.Pending(from, txs, forward, refuse));
  }

  /** A proposal from {@code from}; its transactions are verified ahead only if the screen lets it. */
  void proposal(ByteString from, Proposal p, Runnable forward, Runnable refuse) {
    proposals.offer(new SignaturePrecheck.Pending(from, p.getBlock().getTransactionsList(),
        () -> screen.worthCheckingAhead(p), forward, refuse));
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
