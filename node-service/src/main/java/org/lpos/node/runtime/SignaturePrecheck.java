package org.lpos.node.runtime;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lpos.chain.crypto.SignatureCheck;
import org.lpos.chain.crypto.SignatureVerifier;
import org.lpos.chain.ledger.TransactionSignatures;
import org.lpos.chain.ledger.UtxoView;
import org.lpos.chain.model.TransactionIds;
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
  /**
   * An input waiting for its signatures, and where it goes once they are checked.
   *
   * @param source the peer that sent it, or {@link #OWN} for the node's own submissions
   * @param worthChecking asked on the stage's thread before anything is verified; when false the
   *     input is forwarded unverified (a proposal that does not pass its {@link ProposalScreen})
   */
  record Pending(ByteString source, List<Transaction> transactions, BooleanSupplier worthChecking,
      Runnable forward, Runnable refuse) {
    /** An input whose transactions are always worth checking (a batch, a submission). */
    Pending(ByteString source, List<Transaction> transactions, Runnable forward, Runnable refuse) {
      this(source, transactions, () -> true, forward, refuse);
    }
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

  private final BlockingQueue<Pending> waiting = new ArrayBlockingQueue<>(CAPACITY);
  private final Supplier<Context> context;
  private final RecentOutputs recent = new RecentOutputs();
  private final Thread thread;
  private volatile boolean running = true;

  /** A stage on a thread named {@code name}, reading its context from {@code context}; call {@link #start}. */
  SignaturePrecheck(String name, Supplier<Context> context) {
    this.context = context;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  /** Starts the thread. */
  void start() {
    thread.start();
  }

  /** Queues {@code pending}; when the stage is full or closed, refuses it at once. */
  void offer(Pending pending) {
    if (!running || !waiting.offer(pending)) {
      pending.refuse().run();
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
    Pending left;
    while ((left = waiting.poll()) != null) {
      left.refuse().run();
    }
  }

  private void run() {
    List<Pending> batch = new ArrayList<>();
    while (running) {
      try {
        batch.add(waiting.take());
      } catch (InterruptedException e) {
        return;
      }
      int transactions = batch.get(0).transactions().size();
      Pending next;
      while (transactions < MAX_BATCH_TRANSACTIONS && (next = waiting.poll()) != null) {
        batch.add(next);
        transactions += next.transactions().size();
      }
      verify(batch);
      for (Pending p : batch) {
        p.forward().run();
      }
      batch.clear();
    }
  }

  /**
   * Fills the remembered verifications for {@code batch}, one Ed25519 batch per source: a batch
   * with a bad signature is split and checked again, and that cost must fall on the peer that sent
   * the bad signature, not on the honest peers whose messages waited beside it. A failure here
   * only costs the core work.
   */
  private void verify(List<Pending> batch) {
    try {
      Context c = context.get();
      UtxoView owners = key -> c.outputs().find(key).or(() -> recent.find(key));
      Map<ByteString, List<SignatureCheck>> bySource = new HashMap<>();
      for (Pending p : batch) {
        if (!p.worthChecking().getAsBoolean()) {
          continue;
        }
        List<SignatureCheck> checks = bySource.computeIfAbsent(p.source(), s -> new ArrayList<>());
        for (Transaction tx : p.transactions()) {
          checks.addAll(TransactionSignatures.of(c.chainId(), List.of(tx), owners));
          recent.add(c.txIds().id(tx), tx);
        }
      }
      bySource.values().forEach(c.verifier()::verifyAhead);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "checking signatures ahead failed; the core checks them", e);
    }
  }
}
