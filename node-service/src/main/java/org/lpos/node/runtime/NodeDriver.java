package org.lpos.node.runtime;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.node.consensus.Event;
import org.lpos.node.consensus.NodeCore;
import org.lpos.node.consensus.NodeStatus;
import org.lpos.node.consensus.Offence;
import org.lpos.node.consensus.Ready;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Transaction;

/**
 * The one thread that owns a {@link NodeCore} (ARCHITECTURE "one driver thread per node"): gRPC
 * handlers, timers and discovery only enqueue work; the loop applies each event, persists, sends,
 * then publishes an immutable status snapshot. No locks around consensus state.
 *
 * <p>Work has two priorities: consensus traffic (proposals, votes, blocks, timers, queries) goes
 * before transactions, whose signature checks are the bulk of the CPU under load. Otherwise a
 * backlog of transactions would delay votes past their timeouts and cause view changes.
 */
public final class NodeDriver implements AutoCloseable {
  /** Where a step's outputs go, in the order {@link Ready} prescribes. */
  public interface Sink {
    /** Persists durably what must be persisted before messages leave. */
    void persist(Ready ready);

    /** Sends the step's messages and reports its commits and rejections. */
    void deliver(Ready ready);

    /** A peer's message was refused as invalid (bad signature, wrong sender, malformed). */
    void misbehaved(ByteString peer, Rejection rejection);

    /** The snapshot the step just published (on the loop thread, after {@link #deliver}). */
    default void published(NodeStatus status) {}

    /** An event is offered to the queue (on the submitting thread, before the loop sees it). */
    default void arrived(Event event) {}
  }

  private static final Logger LOG = Logger.getLogger(NodeDriver.class.getName());
  private static final int QUEUE_LIMIT = 100_000;

  private final NodeCore core;
  private final Sink sink;
  private final LongSupplier clock;
  private final PriorityBlockingQueue<Task> work = new PriorityBlockingQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong sequence = new AtomicLong();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      r -> daemon(r, "lpos-timer"));
  private final Thread loop;
  private volatile NodeStatus status;
  private volatile boolean running = true;
  private ScheduledFuture<?> wakeUp;
  private long wakeUpAtMs = Long.MAX_VALUE;

  /** A driver for {@code core}; call {@link #start} to run it. */
  public NodeDriver(NodeCore core, Sink sink, LongSupplier clock) {
    this.core = core;
    this.sink = sink;
    this.clock = clock;
    this.status = core.status();
    this.loop = new Thread(this::run, "lpos-consensus");
  }

  /** Starts the loop and enters the first undecided height. */
  public void start() {
    loop.start();
    submit(Priority.CONSENSUS, () -> apply(core.start(clock.getAsLong())));
  }

  /** The latest status snapshot (safe from any thread). */
  public NodeStatus status() {
    return status;
  }

  /** Enqueues an event; returns false (and drops it) when the queue is full. */
  public boolean offer(Event event) {
    boolean bulk = event instanceof Event.SubmitTransaction
        || (event instanceof Event.Received r && r.message().hasTransactions());
    sink.arrived(event);
    return submit(bulk ? Priority.TRANSACTIONS : Priority.CONSENSUS, () -> {
      apply(core.handle(event));
    });
  }

  /** Enqueues a message received at the current time. */
  public boolean received(ByteString from, PeerMessage message) {
    return offer(new Event.Received(clock.getAsLong(), from, message));
  }

  /**
   * Submits a transaction through the loop; completes with the reason it was refused, or empty
   * when it entered the pool.
   */
  public CompletableFuture<Optional<Rejection>> submitTransaction(Transaction tx) {
    CompletableFuture<Optional<Rejection>> result = new CompletableFuture<>();
    sink.arrived(new Event.SubmitTransaction(clock.getAsLong(), tx));
    boolean accepted = submit(Priority.TRANSACTIONS, () -> {
      Ready ready = core.handle(new Event.SubmitTransaction(clock.getAsLong(), tx));
      apply(ready);
      List<Rejection> rejected = ready.rejected();
      result.complete(rejected.isEmpty() ? Optional.empty() : Optional.of(rejected.get(0)));
    });
    if (!accepted) {
      result.complete(Optional.of(Rejection.of(Reason.POOL_FULL, "node is overloaded")));
    }
    return result;
  }

  /** Runs a read-only query on the loop, where the core's state is consistent. */
  public <T> CompletableFuture<T> query(Function<NodeCore, T> question) {
    CompletableFuture<T> result = new CompletableFuture<>();
    if (!submit(Priority.CONSENSUS, () -> result.complete(question.apply(core)))) {
      result.completeExceptionally(new IllegalStateException("node is overloaded"));
    }
    return result;
  }

  @Override
  public void close() {
    running = false;
    loop.interrupt();
    timer.shutdownNow();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean submit(Priority priority, Runnable task) {
    if (!running || queued.incrementAndGet() > QUEUE_LIMIT) {
      queued.decrementAndGet();
      return false;
    }
    work.add(new Task(priority, sequence.getAndIncrement(), task));
    return true;
  }

  private void run() {
    while (running) {
      Task task;
      try {
        task = work.take();
      } catch (InterruptedException e) {
        return;
      }
      queued.decrementAndGet();
      try {
        task.work().run();
      } catch (RuntimeException e) {
        // A failing step is a bug (the core fails fast on broken invariants) or a failed write;
        // the loop must not die silently and leave a node that answers but never decides.
        LOG.log(Level.SEVERE, "consensus step failed", e);
      }
    }
  }

  /** Consensus work first; within a priority, arrival order. */
  private enum Priority {
    CONSENSUS,
    TRANSACTIONS
  }

  private record Task(Priority priority, long seq, Runnable work) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = priority.compareTo(o.priority);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private void apply(Ready ready) {
    if (ready.mustPersist()) {
      try {
        sink.persist(ready);
      } catch (RuntimeException e) {
        // The core has moved past what is on disk: going on would send signatures or announce
        // blocks a restart could not account for. Stop deciding; a restart resumes from the store.
        running = false;
        LOG.log(Level.SEVERE, "cannot persist a step; the node stops deciding and sends nothing more", e);
        throw e;
      }
    }
    sink.deliver(ready);
    for (Offence offence : ready.offences()) {
      sink.misbehaved(offence.peer(), offence.rejection());
    }
    status = core.status();
    sink.published(status);
    long next = ready.wakeUpAtMs().orElse(Long.MAX_VALUE);
    if (next != wakeUpAtMs) {
      scheduleWakeUp(next);
    }
  }

  private void scheduleWakeUp(long atMs) {
    if (wakeUp != null) {
      wakeUp.cancel(false);
    }
    wakeUpAtMs = atMs;
    if (atMs == Long.MAX_VALUE) {
      wakeUp = null;
      return;
    }
    long delay = Math.max(0, atMs - clock.getAsLong());
    wakeUp = timer.schedule(() -> {
      submit(Priority.CONSENSUS, () -> {
        wakeUpAtMs = Long.MAX_VALUE;
        apply(core.handle(new Event.Tick(clock.getAsLong())));
      });
    }, delay, TimeUnit.MILLISECONDS);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
