package org.lpos.node.runtime;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lpos.chain.crypto.SignatureCheck;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.ledger.TransactionSignatures;
import org.lpos.chain.ledger.UtxoView;
import org.lpos.chain.model.TransactionIds;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Transaction;

/**
 * Verifies the signatures of incoming transactions on a thread of its own, in one Ed25519 batch
 * for everything that waits, before the transactions reach the driver's queue (issue 18: the
 * consensus thread spent about 70% of its time verifying). It only fills the node's remembered
 * verifications ({@link SignatureVerifier#verifyAhead}); the core still asks for every signature
 * and decides validity, and finds the ones verified here without computing them again. So nothing
 * here decides anything: a signature this stage skipped or refused is checked by the core as
 * before.
 *
 * <p>Which output a signature must match is read from the node's committed outputs, or from the
 * {@link RecentOutputs} of transactions the lane saw (a spend of an output not committed yet). The
 * consensus thread changes the committed outputs meanwhile ({@link UtxoView#find} of the node's set
 * is safe from any thread): a stale answer costs a check, never a wrong verdict, because a
 * remembered verification names its key. Inputs leave in the order they came (one thread, one FIFO), so a transaction that
 * spends another's output still reaches the core after it.
 *
 * <p>Bounded: at most {@link #CAPACITY} inputs wait; beyond that a peer's message is refused and
 * counted like one the driver's queue refuses, and a submission is answered "overloaded" by the
 * same path. Peers' bytes stay held by their tickets until the driver takes the message.
 */
final class SignaturePrecheck implements AutoCloseable {
  /** Where an input goes once its signatures are checked, or when the stage cannot take it. */
  interface Outlet {
    /** The input's signatures were checked ahead (or not worth checking): queue it for the loop. */
    void checked(DriverInput input);

    /** The stage was full or closed: refuse the input as the driver's queue would. */
    void refused(DriverInput input);
  }

  /** The source of the node's own submissions (API, workload). */
  static final ByteString OWN = ByteString.EMPTY;

  /** What the stage reads when it gathers checks, as the driver last published it. */
  record Context(String chainId, SignatureVerifier verifier, UtxoView outputs, TransactionIds txIds) {}

  /** 20,000 inputs: the driver's own share; a second of peers' batches at the measured peak. */
  static final int CAPACITY = 20_000;
  /** At most this many transactions per batch, so one batch stays well under a consensus round. */
  static final int MAX_BATCH_TRANSACTIONS = 4_096;

  private static final Logger LOG = Logger.getLogger(SignaturePrecheck.class.getName());

  private final BlockingQueue<DriverInput> waiting = new ArrayBlockingQueue<>(CAPACITY);
  private final Supplier<Context> context;
  private final Predicate<DriverInput> worthChecking;
  private final Outlet outlet;
  private final RecentOutputs recent = new RecentOutputs();
  private final Thread thread;
  private volatile boolean running = true;

  /**
   * A stage on a thread named {@code name}, reading its context from {@code context}, sending what
   * it took to {@code outlet}; {@code worthChecking} is asked on the stage's thread before an
   * input's signatures are verified, and when false the input goes on unverified (a proposal that
   * does not pass its {@link ProposalScreen}). Call {@link #start}.
   */
  SignaturePrecheck(String name, Supplier<Context> context, Predicate<DriverInput> worthChecking, Outlet outlet) {
    this.context = context;
    this.worthChecking = worthChecking;
    this.outlet = outlet;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  /** Starts the thread. */
  void start() {
    thread.start();
  }

  /**
   * Queues {@code input}, a peer's message carrying transactions or the node's own submission;
   * when the stage is full or closed, refuses it at once.
   */
  void offer(DriverInput input) {
    if (!running || !waiting.offer(input)) {
      outlet.refused(input);
    }
  }

  /** Stops the thread and refuses whatever still waits. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    DriverInput left;
    while ((left = waiting.poll()) != null) {
      outlet.refused(left);
    }
  }

  private void run() {
    List<DriverInput> batch = new ArrayList<>();
    while (running) {
      try {
        batch.add(waiting.take());
      } catch (InterruptedException e) {
        return;
      }
      int transactions = transactions(batch.get(0)).size();
      DriverInput next;
      while (transactions < MAX_BATCH_TRANSACTIONS && (next = waiting.poll()) != null) {
        batch.add(next);
        transactions += transactions(next).size();
      }
      verify(batch);
      batch.forEach(outlet::checked);
      batch.clear();
    }
  }

  /**
   * Fills the remembered verifications for {@code batch}, one Ed25519 batch per source: a batch
   * with a bad signature is split and checked again, and that cost must fall on the peer that sent
   * the bad signature, not on the honest peers whose messages waited beside it. A failure here
   * only costs the core work.
   */
  private void verify(List<DriverInput> batch) {
    try {
      Context c = context.get();
      UtxoView owners = key -> c.outputs().find(key).or(() -> recent.find(key));
      Map<ByteString, List<SignatureCheck>> bySource = new HashMap<>();
      for (DriverInput input : batch) {
        if (!worthChecking.test(input)) {
          continue;
        }
        List<SignatureCheck> checks = bySource.computeIfAbsent(source(input), s -> new ArrayList<>());
        for (Transaction tx : transactions(input)) {
          checks.addAll(TransactionSignatures.of(c.chainId(), List.of(tx), owners));
          recent.add(c.txIds().id(tx), tx);
        }
      }
      bySource.values().forEach(c.verifier()::verifyAhead);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "checking signatures ahead failed; the core checks them", e);
    }
  }

  /** Who sent {@code input}: a peer, or {@link #OWN} for a submission. */
  private static ByteString source(DriverInput input) {
    return input instanceof DriverInput.FromPeer p ? p.event().from() : OWN;
  }

  /** The transactions whose signatures {@code input} carries: a batch's, a proposed block's, a submission's. */
  static List<Transaction> transactions(DriverInput input) {
    if (input instanceof DriverInput.FromPeer p) {
      PeerMessage m = p.event().message();
      return m.hasTransactions() ? m.getTransactions().getTransactionsList()
          : m.hasProposal() ? m.getProposal().getBlock().getTransactionsList() : List.of();
    }
    return input instanceof DriverInput.Submission s ? List.of(s.event().transaction()) : List.of();
  }
}
