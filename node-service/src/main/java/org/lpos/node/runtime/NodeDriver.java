package org.lpos.node.runtime;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>Work has three priorities: timer ticks first, then consensus traffic (proposals, votes,
 * blocks, queries), then transactions, whose signature checks are the bulk of the CPU under load.
 * Otherwise a backlog of transactions would delay votes past their timeouts and cause view
 * changes, and a backlog of anything would delay the timeouts themselves.
 *
 * <p>Capacity is split so that no source can refuse another's work: peers' messages and the
 * node's own submissions (API, workload) each have a bound, and ticks need none. A tick is a
 * coalesced flag: the alarm sets it and queues one tick task only if none is queued, so a tick is
 * never refused and at most one waits. If a tick were ever lost the core would keep asking for the
 * same wake-up and the driver, believing it scheduled, would never ask the alarm again: the node's
 * timers would stop for good.
 *
 * <p>A step that throws (a broken invariant, a failed write, an {@link Error} such as running out
 * of memory) stops the driver: it refuses all further work and tells the {@link Sink} it halted,
 * so the shell can report NOT_SERVING and exit. Going on would leave a node that answers but whose
 * state nobody can vouch for (ARCHITECTURE; Besu's BFT processor halts the same way).
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

    /** A step failed and the driver stopped for good (on the loop thread, once). */
    default void halted(Throwable cause) {}
  }

  /** Where wake-ups come from: a timer thread in a node, the test's hand in a test. */
  public interface Alarm extends AutoCloseable {
    /** Calls {@code wake} once, {@code delayMs} from now, unless cancelled through the result. */
    Future<?> schedule(Runnable wake, long delayMs);

    /** Stops calling. */
    @Override
    void close();
  }

  /**
   * How much waiting work the driver holds.
   *
   * @param peerMessages messages from peers waiting for the loop
   * @param peerMessageBytes serialized bytes of those messages together
   * @param ownWork the node's own submissions (API transactions, queries) waiting for the loop
   */
  public record Capacity(int peerMessages, long peerMessageBytes, int ownWork) {
    /**
     * 100,000 peer messages: at the measured peak (about 3,450 transactions a second in batches,
     * plus a few votes a round per senator) that is far more than a second of backlog, beyond
     * which holding more only adds memory and latency. 64 MiB of them: the peer mesh's total
     * inbound budget ({@code PeerLimits}) is the same, so the mesh pauses its streams before the
     * driver refuses; the bound holds for any other source of peer messages. 20,000 own
     * submissions: the workload and the API wait for their answers, so their backlog is bounded
     * by how many are in flight.
     */
    public static Capacity defaults() {
      return new Capacity(100_000, DEFAULT_PEER_MESSAGE_BYTES, 20_000);
    }

    /** A capacity with the default byte bound. */
    public Capacity(int peerMessages, int ownWork) {
      this(peerMessages, DEFAULT_PEER_MESSAGE_BYTES, ownWork);
    }

    /** Validates the bounds. */
    public Capacity {
      if (peerMessages <= 0 || peerMessageBytes <= 0 || ownWork <= 0) {
        throw new IllegalArgumentException("capacities must be positive: " + peerMessages + ", "
            + peerMessageBytes + ", " + ownWork);
      }
    }
  }

  private static final Logger LOG = Logger.getLogger(NodeDriver.class.getName());
  private static final long DEFAULT_PEER_MESSAGE_BYTES = 64L << 20;
  @SuppressWarnings("UnnecessaryLambda") // one named no-op for the calls that need no completion
  private static final Runnable NOTHING = () -> {};

  private final NodeCore core;
  private final Sink sink;
  private final LongSupplier clock;
  private final Alarm alarm;
  private final Capacity capacity;
  private final PriorityBlockingQueue<Task> work = new PriorityBlockingQueue<>();
  private final AtomicInteger peerQueued = new AtomicInteger();
  private final AtomicLong peerQueuedBytes = new AtomicLong();
  private final AtomicInteger ownQueued = new AtomicInteger();
  private final AtomicBoolean tickQueued = new AtomicBoolean();
  private final AtomicLong sequence = new AtomicLong();
  private final AtomicLong refusedPeerMessages = new AtomicLong();
  private final AtomicLong refusedPeerBytes = new AtomicLong();
  private final Thread loop;
  private volatile NodeStatus status;
  private volatile boolean running = true;
  private volatile Throwable failure;
  private final Object halting = new Object();
  private Future<?> wakeUp;
  private long wakeUpAtMs = Long.MAX_VALUE;

  /** A driver for {@code core} with a timer thread and the default capacity; call {@link #start}. */
  public NodeDriver(NodeCore core, Sink sink, LongSupplier clock) {
    this(core, sink, clock, TimerThread.start("lpos-timer"), Capacity.defaults());
  }

  /** A driver for {@code core} woken by {@code alarm}, holding at most {@code capacity}. */
  public NodeDriver(NodeCore core, Sink sink, LongSupplier clock, Alarm alarm, Capacity capacity) {
    this.core = core;
    this.sink = sink;
    this.clock = clock;
    this.alarm = alarm;
    this.capacity = capacity;
    this.status = core.status();
    this.loop = new Thread(this::run, "lpos-consensus");
    // A backstop: whatever escapes the loop's own handling still halts the node.
    this.loop.setUncaughtExceptionHandler((thread, e) -> halt(e));
  }

  /** Starts the loop and enters the first undecided height. */
  public void start() {
    work.add(new Task(Priority.TIMER, sequence.getAndIncrement(), Source.NONE, 0, NOTHING,
        () -> apply(core.start(clock.getAsLong()))));
    loop.start();
  }

  /** The latest status snapshot (safe from any thread). */
  public NodeStatus status() {
    return status;
  }

  /** Why the driver halted, if a step failed. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Messages from peers refused because their share of the queue was full. */
  public long refusedPeerMessages() {
    return refusedPeerMessages.get();
  }

  /**
   * Enqueues an event; returns false (and drops it) when its source's share of the queue is full
   * or the driver stopped. A tick is never refused: it is merged with any tick already waiting.
   */
  public boolean offer(Event event) {
    return offer(event, NOTHING);
  }

  /**
   * Enqueues an event like {@link #offer(Event)}, and runs {@code taken} once when the loop takes
   * it from the queue, or at once if it is refused: the peer mesh holds a message's bytes against
   * its stream's budget until then.
   */
  public boolean offer(Event event, Runnable taken) {
    if (event instanceof Event.Tick) {
      taken.run();
      wake();
      return running;
    }
    boolean bulk = event instanceof Event.SubmitTransaction
        || (event instanceof Event.Received r && r.message().hasTransactions());
    Source source = event instanceof Event.Received ? Source.PEER : Source.OWN;
    long bytes = event instanceof Event.Received r ? r.message().getSerializedSize() : 0;
    sink.arrived(event);
    return submit(bulk ? Priority.TRANSACTIONS : Priority.CONSENSUS, source, bytes, taken,
        () -> apply(core.handle(event)));
  }

  /** Enqueues a message received at the current time. */
  public boolean received(ByteString from, PeerMessage message) {
    return received(from, message, NOTHING);
  }

  /** Enqueues a message received at the current time; {@code taken} as in {@link #offer(Event, Runnable)}. */
  public boolean received(ByteString from, PeerMessage message, Runnable taken) {
    return offer(new Event.Received(clock.getAsLong(), from, message), taken);
  }

  /** Serialized bytes of peers' messages waiting in the queue. */
  public long queuedPeerBytes() {
    return peerQueuedBytes.get();
  }

  /**
   * Submits a transaction through the loop; completes with the reason it was refused, or empty
   * when it entered the pool.
   */
  public CompletableFuture<Optional<Rejection>> submitTransaction(Transaction tx) {
    CompletableFuture<Optional<Rejection>> result = new CompletableFuture<>();
    sink.arrived(new Event.SubmitTransaction(clock.getAsLong(), tx));
    boolean accepted = submit(Priority.TRANSACTIONS, Source.OWN, 0, NOTHING, () -> {
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

  /**
   * Runs a read-only query on the loop, where the core's state is consistent. A query that throws
   * an exception fails its own future only (it changed nothing); an {@link Error} halts the node.
   */
  public <T> CompletableFuture<T> query(Function<NodeCore, T> question) {
    CompletableFuture<T> result = new CompletableFuture<>();
    boolean accepted = submit(Priority.CONSENSUS, Source.OWN, 0, NOTHING, () -> {
      T answer;
      try {
        answer = question.apply(core);
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
        return;
      }
      result.complete(answer);
    });
    if (!accepted) {
      result.completeExceptionally(new IllegalStateException(running ? "node is overloaded" : "node stopped"));
    }
    return result;
  }

  @Override
  public void close() {
    running = false;
    loop.interrupt();
    alarm.close();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The alarm's entry point: queues a tick unless one is waiting already. Never refused, so no
   * wake-up the core asked for is lost to a full queue.
   */
  void wake() {
    try {
      if (running && tickQueued.compareAndSet(false, true)) {
        work.add(new Task(Priority.TIMER, sequence.getAndIncrement(), Source.NONE, 0, NOTHING, this::tick));
      }
    } catch (Throwable t) {
      // The timer's executor would swallow this and the node's clock would stop for good.
      halt(t);
      throw t;
    }
  }

  private void tick() {
    tickQueued.set(false);
    // Whatever was scheduled has fired or is superseded: the core says below what it wants next.
    wakeUpAtMs = Long.MAX_VALUE;
    apply(core.handle(new Event.Tick(clock.getAsLong())));
  }

  private boolean submit(Priority priority, Source source, long bytes, Runnable taken, Runnable task) {
    AtomicInteger queued = source == Source.PEER ? peerQueued : ownQueued;
    int limit = source == Source.PEER ? capacity.peerMessages() : capacity.ownWork();
    if (!running || queued.incrementAndGet() > limit) {
      queued.decrementAndGet();
      return refuse(source, taken);
    }
    if (source == Source.PEER && peerQueuedBytes.addAndGet(bytes) > capacity.peerMessageBytes() && bytes > 0) {
      peerQueuedBytes.addAndGet(-bytes);
      queued.decrementAndGet();
      refusedPeerBytes.incrementAndGet();
      return refuse(source, taken);
    }
    work.add(new Task(priority, sequence.getAndIncrement(), source, bytes, taken, task));
    return true;
  }

  private boolean refuse(Source source, Runnable taken) {
    taken.run();
    if (source == Source.PEER && running) {
      refusedPeerMessages.incrementAndGet();
    }
    return false;
  }

  /** Of the refused peer messages, those refused because the queue held too many bytes of them. */
  public long refusedForBytes() {
    return refusedPeerBytes.get();
  }

  /**
   * The loop. Anything that fails in it halts the node, not only a step: taking from the queue,
   * the bookkeeping around a task, an {@link Error} from anywhere. Only {@link #close} ends it
   * quietly.
   */
  private void run() {
    try {
      while (running) {
        Task task;
        try {
          task = work.take();
        } catch (InterruptedException e) {
          return;
        }
        if (task.source() == Source.PEER) {
          peerQueued.decrementAndGet();
          peerQueuedBytes.addAndGet(-task.bytes());
        } else if (task.source() == Source.OWN) {
          ownQueued.decrementAndGet();
        }
        task.taken().run();
        task.work().run();
      }
    } catch (Throwable t) {
      if (running) {
        halt(t);
      }
    }
  }

  /**
   * Stops for good after a failure (once, from whichever thread saw it first). The core may be
   * half-way through a step, so nothing it produces can be trusted any more; the loop ends and
   * further work is refused.
   */
  private void halt(Throwable cause) {
    synchronized (halting) {
      if (failure != null) {
        return;
      }
      running = false;
      failure = cause;
    }
    LOG.log(Level.SEVERE, "a consensus step failed; the node stops deciding and sends nothing more", cause);
    if (Thread.currentThread() != loop) {
      loop.interrupt();
    } else if (wakeUp != null) {
      wakeUp.cancel(false);
    }
    try {
      sink.halted(cause);
    } catch (Throwable t) {
      LOG.log(Level.SEVERE, "reporting the halt failed", t);
    }
  }

  /** Timer ticks first, then consensus work, then transactions; within a priority, arrival order. */
  private enum Priority {
    TIMER,
    CONSENSUS,
    TRANSACTIONS
  }

  /** Whose share of the capacity a task takes. */
  private enum Source {
    PEER,
    OWN,
    NONE
  }

  private record Task(Priority priority, long seq, Source source, long bytes, Runnable taken, Runnable work)
      implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = priority.compareTo(o.priority);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  private void apply(Ready ready) {
    if (ready.mustPersist()) {
      // A failed write throws out of the step and halts the driver: the core has moved past what
      // is on disk, and going on would send signatures or announce blocks a restart could not
      // account for. A restart resumes from the store.
      sink.persist(ready);
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
    wakeUp = alarm.schedule(this::wake, Math.max(0, atMs - clock.getAsLong()));
  }
}
