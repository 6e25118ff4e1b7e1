package org.lpos.node.server;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Scripts;
import org.lpos.chain.model.Transactions;
import org.lpos.chain.model.Utxo;
import org.lpos.node.runtime.NodeDriver;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.Transaction;
import org.lpos.proto.v1.TxInput;
import org.lpos.proto.v1.TxOutput;

/**
 * The original's experiments, run by a node from its own outputs once the instruction's delay
 * has passed: {@code bootstrap-only} (nothing), {@code tx-rate R} (R tx/s to a fixed
 * neighbour), {@code tx-rate-random R} (to random neighbours), {@code tx-n-outputs K}
 * (transactions paying K neighbours, 10 per second). A node with too few outputs first splits
 * one, since an output can be spent once per block.
 */
public final class Workload implements AutoCloseable {
  /** The experiments of the original. */
  public enum Kind {
    BOOTSTRAP_ONLY,
    TX_RATE,
    TX_RATE_RANDOM,
    TX_N_OUTPUTS;

    /** Parses the original's name, e.g. {@code tx-rate}. */
    public static Kind parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown experiment " + name
            + " (bootstrap-only, tx-rate, tx-rate-random, tx-n-outputs)");
      }
    }
  }

  private static final Logger LOG = Logger.getLogger(Workload.class.getName());
  private static final long TICK_MS = 50;
  private static final int SPLIT_OUTPUTS = 50;
  /**
   * Spendable outputs kept per transaction per second of rate: an output is busy from submission
   * to commit, so a rate R needs about R × commit latency of them; two seconds' worth leaves room.
   */
  private static final double OUTPUTS_PER_RATE = 2;
  /** Transactions per second each node sends in {@code tx-n-outputs} (each paying K neighbours). */
  public static final double N_OUTPUTS_RATE = 10;
  /** A transaction not committed by then is taken as lost, and its output is used again. */
  private static final long IN_FLIGHT_EXPIRY_MS = 30_000;

  private final NodeDriver driver;
  private final KeyPair key;
  private final String chainId;
  private final List<ByteString> neighbours;
  private final Kind kind;
  private final double param;
  private final SplittableRandom random;
  private final Map<OutputKey, Long> inFlight = new HashMap<>();
  private Map<OutputKey, Utxo> unspent;
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
  private double budget;

  /** A workload for the node with {@code key}; {@code neighbours} receive its payments. */
  public Workload(NodeDriver driver, KeyPair key, String chainId, List<ByteString> neighbours, Kind kind, double param,
      long seed, LatencyLog latencies) {
    if (kind != Kind.BOOTSTRAP_ONLY && (neighbours.isEmpty() || param <= 0)) {
      throw new IllegalArgumentException(kind + " needs neighbours and a positive parameter");
    }
    this.driver = driver;
    this.key = key;
    this.chainId = chainId;
    this.neighbours = List.copyOf(neighbours);
    this.kind = kind;
    this.param = param;
    this.random = new SplittableRandom(seed);
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
        }
        if (unspent == null) {
          continue;
        }
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
  }

  /** Starts after {@code delayMs}. */
  public void start(long delayMs) {
    if (kind == Kind.BOOTSTRAP_ONLY) {
      return;
    }
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
    double rate = kind == Kind.TX_N_OUTPUTS ? N_OUTPUTS_RATE : param;
    budget = Math.min(budget + rate * TICK_MS / 1_000.0, Math.max(1, rate));
    if (!initialized && !readOwnOutputs()) {
      return;
    }
    int owned;
    synchronized (this) {
      owned = unspent.size();
      releaseExpired(System.currentTimeMillis());
    }
    boolean split = owned < Math.max(20, (int) Math.ceil(OUTPUTS_PER_RATE * rate));
    while (budget >= 1) {
      Utxo source = nextAvailable();
      if (source == null) {
        break;
      }
      Transaction tx = split && source.value() >= 2L * SPLIT_OUTPUTS ? splitting(source) : paying(source);
      if (tx == null) {
        continue;
      }
      synchronized (this) {
        inFlight.put(source.key(), System.currentTimeMillis());
      }
      budget -= 1;
      split = false;
      ByteString id = Transactions.id(tx);
      submittedAtMs.put(id, System.currentTimeMillis());
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
   * Reads this node's outputs once, on the driver's loop: {@link #committed} runs there too, so
   * no block is applied between the snapshot and the first update. No lock is held while waiting
   * for the loop, which may itself be waiting to call {@link #committed}.
   */
  private boolean readOwnOutputs() {
    try {
      driver.query(core -> {
        Map<OutputKey, Utxo> own = new LinkedHashMap<>();
        core.chain().utxos().forEachOwnedBy(key.publicKey(), u -> {
          if (spendable(u.value())) {
            own.put(u.key(), u);
          }
        });
        synchronized (this) {
          unspent = own;
          available.addAll(own.values());
        }
        return own.size();
      }).get(5, TimeUnit.SECONDS);
      initialized = true;
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      return false;
    }
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
   * Whether an output of {@code value} can pay this workload's transaction and its change. The
   * 1-unit outputs neighbours pay this node cannot; tracking them would make the node believe it
   * holds enough outputs and stop splitting, and the load would fall as they pile up.
   */
  private boolean spendable(long value) {
    return value > payees();
  }

  private int payees() {
    return kind == Kind.TX_N_OUTPUTS ? (int) Math.max(1, Math.min(param, 100)) : 1;
  }

  private Transaction paying(Utxo source) {
    int payees = payees();
    if (!spendable(source.value())) {
      return null;
    }
    Transaction.Builder tx = Transaction.newBuilder().addInputs(TxInput.newBuilder().setSpends(source.key().toProto()));
    for (int i = 0; i < payees; i++) {
      tx.addOutputs(TxOutput.newBuilder().setValue(1).setLock(Scripts.standardLock(payee(i))));
    }
    tx.addOutputs(TxOutput.newBuilder().setValue(source.value() - payees).setLock(Scripts.standardLock(key.publicKey())));
    return Transactions.sign(chainId, tx.build(), List.of(key));
  }

  private ByteString payee(int i) {
    return switch (kind) {
      case TX_RATE -> neighbours.get(0);
      case TX_N_OUTPUTS -> neighbours.get(i % neighbours.size());
      default -> neighbours.get(random.nextInt(neighbours.size()));
    };
  }
}
