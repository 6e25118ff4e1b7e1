package org.lpos.lab.load;

import org.lpos.node.server.LatencyLog;
import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.workload.ClosedLoopWindow;
import org.lpos.chain.workload.ExperimentSpec;
import org.lpos.chain.workload.WorkloadPlan;
import org.lpos.node.api.OwnerIndex;
import org.lpos.node.runtime.NodeDriver;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * Runs a node's share of an experiment from its own outputs once the instruction's delay has
 * passed. What it sends is defined once, in chain-lib: {@link ExperimentSpec} says when (and
 * whether only senators send), {@link WorkloadPlan} whom it pays and how much, and
 * {@link ClosedLoopWindow} how many {@code load-closed} keeps uncommitted. This class only finds
 * outputs to spend: a node with too few first splits one, since an output can be spent once per
 * block.
 */
public final class Workload implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Workload.class.getName());
  private static final long TICK_MS = 20;
  private static final int SPLIT_OUTPUTS = 50;
  /**
   * Spendable outputs kept per transaction per second of rate: an output is busy from submission
   * to commit, so a rate R needs about R × commit latency of them; two seconds' worth leaves room.
   */
  private static final double OUTPUTS_PER_RATE = 2;
  /** A transaction not committed by then is taken as lost, and its output is used again. */
  private static final long IN_FLIGHT_EXPIRY_MS = 30_000;

  private final NodeDriver driver;
  private final Supplier<OwnerIndex> owners;
  private final KeyPair key;
  private final String chainId;
  private final ExperimentSpec spec;
  private final WorkloadPlan plan;
  private final ClosedLoopWindow window;
  private final Map<OutputKey, Long> inFlight = new HashMap<>();
  private Map<OutputKey, Utxo> unspent;
  /** Blocks committed before the outputs were read, replayed over the index they were read from. */
  private final List<CertifiedBlock> committedBeforeReading = new ArrayList<>();
  private final ArrayDeque<Utxo> available = new ArrayDeque<>();
  private volatile boolean initialized;
  private final Map<ByteString, Long> submittedAtMs = new ConcurrentHashMap<>();
  private final LatencyLog latencies;
  private final AtomicLong submitted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lpos-workload");
    t.setDaemon(true);
    return t;
  });
  private long startMs;
  /** Scheduled transactions already sent or skipped (the k of {@link ExperimentSpec#dueAtMs}). */
  private long scheduledDone;

  /**
   * A workload for the node with {@code key}, following {@code plan}; it finds its first outputs
   * in the node's published {@code owners} index.
   */
  public Workload(NodeDriver driver, Supplier<OwnerIndex> owners, KeyPair key, String chainId, WorkloadPlan plan,
      LatencyLog latencies) {
    this.driver = driver;
    this.owners = owners;
    this.key = key;
    this.chainId = chainId;
    this.spec = plan.spec();
    this.plan = plan;
    this.window = new ClosedLoopWindow(spec.scheduled() ? 1 : (int) spec.param());
    this.latencies = latencies;
  }

  /**
   * Follows a committed block (on the driver's thread): records the commit latency of this
   * workload's transactions and keeps the set of this node's outputs current without scanning
   * the whole UTXO set.
   */
  public void committed(CertifiedBlock block) {
    long now = System.currentTimeMillis();
    synchronized (this) {
      for (Transaction tx : block.getBlock().getTransactionsList()) {
        ByteString id = Transactions.id(tx);
        Long at = submittedAtMs.remove(id);
        if (at != null) {
          latencies.record(now, now - at);
          window.committed(now - at, now);
        }
      }
      if (unspent == null) {
        committedBeforeReading.add(block);
      } else {
        follow(block);
      }
    }
  }

  /** Keeps the own outputs current across one committed block. */
  private synchronized void follow(CertifiedBlock block) {
    for (Transaction tx : block.getBlock().getTransactionsList()) {
      ByteString id = Transactions.id(tx);
      for (TxInput in : tx.getInputsList()) {
        OutputKey spent = OutputKey.of(in.getSpends());
        unspent.remove(spent);
        inFlight.remove(spent);
      }
      for (int i = 0; i < tx.getOutputsCount(); i++) {
        TxOutput out = tx.getOutputs(i);
        if (spendable(out.getValue()) && Scripts.standardOwner(out.getLock()).filter(key.publicKey()::equals).isPresent()) {
          OutputKey k = new OutputKey(id, i);
          Utxo u = new Utxo(k, out.getValue(), key.publicKey());
          unspent.put(k, u);
          available.add(u);
        }
      }
    }
  }

  /** Starts after {@code delayMs}. */
  public void start(long delayMs) {
    startMs = System.currentTimeMillis() + delayMs;
    timer.scheduleAtFixedRate(this::tickSafely, delayMs, TICK_MS, TimeUnit.MILLISECONDS);
  }

  /** Transactions submitted and accepted by this node's pool. */
  public long submitted() {
    return submitted.get();
  }

  /** Transactions this node's pool refused. */
  public long refused() {
    return refused.get();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    latencies.close();
  }

  /** A periodic task that throws is never run again, so a failed tick is logged and the next one runs. */
  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "workload tick failed", e);
    }
  }

  private void tick() {
    long now = System.currentTimeMillis();
    if (!initialized && !readOwnOutputs()) {
      return;
    }
    int owned;
    synchronized (this) {
      owned = unspent.size();
      releaseExpired(now);
    }
    long allowed = allowed(now);
    boolean split = owned < outputsWanted();
    while (allowed > 0) {
      Utxo source = nextAvailable();
      if (source == null) {
        break;
      }
      Transaction tx = split && source.value() >= 2L * SPLIT_OUTPUTS ? splitting(source) : paying(source);
      if (tx == null) {
        continue;
      }
      synchronized (this) {
        inFlight.put(source.key(), now);
      }
      allowed--;
      scheduledDone++;
      split = false;
      ByteString id = Transactions.id(tx);
      submittedAtMs.put(id, now);
      driver.submitTransaction(tx).thenAccept(r -> {
        if (r.isEmpty()) {
          submitted.incrementAndGet();
        } else {
          refused.incrementAndGet();
          submittedAtMs.remove(id);
          synchronized (this) {
            if (inFlight.remove(source.key()) != null && unspent.containsKey(source.key())) {
              available.add(source);
            }
          }
        }
      });
    }
  }

  /**
   * Transactions that may go out now. A node without a seat sends nothing where only senators
   * send (the original's status check) and owes nothing for that time; a scheduled node that fell
   * behind (a pause, no spendable output) catches up at most one second's worth; the closed loop
   * sends while its window has room.
   */
  private long allowed(long now) {
    if (!spec.scheduled()) {
      synchronized (this) {
        return window.size() - (long) submittedAtMs.size();
      }
    }
    long due = spec.dueBy(startMs, now);
    if (spec.onlySenatorsSend() && driver.status().seats() == 0) {
      scheduledDone = due;
      return 0;
    }
    long backlog = Math.max(1, (long) Math.ceil(spec.txPerSecondPerSender()));
    scheduledDone = Math.max(scheduledDone, due - backlog);
    return due - scheduledDone;
  }

  /** A scheduled rate R needs about R x latency outputs busy at once; the closed loop at most W. */
  private int outputsWanted() {
    double busy = spec.scheduled() ? OUTPUTS_PER_RATE * spec.txPerSecondPerSender() : 2 * spec.param();
    return Math.max(20, (int) Math.ceil(busy));
  }

  /** An own output that is unspent and not in flight, or null; skips entries spent meanwhile. */
  private synchronized Utxo nextAvailable() {
    Utxo u;
    while ((u = available.pollLast()) != null) {
      if (unspent.containsKey(u.key()) && !inFlight.containsKey(u.key())) {
        return u;
      }
    }
    return null;
  }

  /** Outputs whose transaction was neither committed nor refused in time are used again. */
  private void releaseExpired(long now) {
    submittedAtMs.values().removeIf(at -> now - at > IN_FLIGHT_EXPIRY_MS);
    inFlight.entrySet().removeIf(e -> {
      if (now - e.getValue() <= IN_FLIGHT_EXPIRY_MS) {
        return false;
      }
      Utxo u = unspent.get(e.getKey());
      if (u != null) {
        available.add(u);
      }
      return true;
    });
  }

  /**
   * Reads this node's outputs once, from the owner index the node publishes after each commit
   * (never from the consensus thread), then replays over it the blocks {@link #committed} saw
   * since. The index is built behind the commits, so until it has caught up with the tip the
   * driver published (and with the first block seen here) the read waits for a later tick.
   */
  private boolean readOwnOutputs() {
    long tip = driver.status().height() - 1;
    OwnerIndex index = owners.get();
    synchronized (this) {
      long firstSeen = committedBeforeReading.isEmpty() ? Long.MAX_VALUE
          : committedBeforeReading.get(0).getBlock().getHeader().getHeight();
      if (index.height() < tip || firstSeen > index.height() + 1 && firstSeen != Long.MAX_VALUE) {
        return false;
      }
      Map<OutputKey, Utxo> own = new LinkedHashMap<>();
      for (Utxo u : index.holdings(key.publicKey()).byKey().values()) {
        if (spendable(u.value())) {
          own.put(u.key(), u);
        }
      }
      unspent = own;
      available.addAll(own.values());
      for (CertifiedBlock block : committedBeforeReading) {
        if (block.getBlock().getHeader().getHeight() > index.height()) {
          follow(block);
        }
      }
      committedBeforeReading.clear();
    }
    initialized = true;
    return true;
  }

  private Transaction splitting(Utxo source) {
    Transaction.Builder tx = Transaction.newBuilder().addInputs(TxInput.newBuilder().setSpends(source.key().toProto()));
    long each = source.value() / SPLIT_OUTPUTS;
    for (int i = 0; i < SPLIT_OUTPUTS; i++) {
      long value = i == 0 ? source.value() - each * (SPLIT_OUTPUTS - 1) : each;
      tx.addOutputs(TxOutput.newBuilder().setValue(value).setLock(Scripts.standardLock(key.publicKey())));
    }
    return Transactions.sign(chainId, tx.build(), List.of(key));
  }

  /**
   * Whether an output of {@code value} can pay this workload's largest transaction and its change.
   * The small outputs neighbours pay this node cannot; tracking them would make the node believe
   * it holds enough outputs and stop splitting, and the load would fall as they pile up.
   */
  private boolean spendable(long value) {
    return value > plan.maxValuePerTransaction();
  }

  private Transaction paying(Utxo source) {
    if (!spendable(source.value())) {
      return null;
    }
    Transaction.Builder tx = Transaction.newBuilder().addInputs(TxInput.newBuilder().setSpends(source.key().toProto()));
    long paid = 0;
    for (WorkloadPlan.Payment p : plan.nextPayments()) {
      tx.addOutputs(TxOutput.newBuilder().setValue(p.amount()).setLock(Scripts.standardLock(p.to())));
      paid += p.amount();
    }
    tx.addOutputs(TxOutput.newBuilder().setValue(source.value() - paid).setLock(Scripts.standardLock(key.publicKey())));
    return Transactions.sign(chainId, tx.build(), List.of(key));
  }
}
