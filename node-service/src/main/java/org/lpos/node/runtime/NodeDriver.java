package org.lpos.node.runtime;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
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
 * handlers, timers and discovery only enqueue events ({@link DriverInput}: data, never code); the
 * loop applies each event, persists, sends, then publishes an immutable {@link NodeSnapshot}.
 * Nothing outside the loop reads the core: readers take the latest snapshot, so no caller waits
 * for the consensus thread and no question runs on it. No locks around consensus state.
 *
 * <p>Work has three priorities: timer ticks first, then consensus traffic (proposals, votes,
 * blocks), then transactions, whose signature checks are the bulk of the CPU under load; those are
 * verified in batches on a thread of their own before they queue ({@link SignaturePrecheck}), so
 * the core mostly finds them remembered; a proposal's transactions likewise, on a second thread,
 * when its {@link ProposalScreen} lets it (a proposal otherwise raced ahead of the batches that
 * carried its transactions, and the core verified them one by one).
 * Otherwise a backlog of transactions would delay votes past their timeouts and cause view
 * changes, and a backlog of anything would delay the timeouts themselves.
 *
 * <p>Capacity is split so that no source can refuse another's work: peers' messages and the
 * node's own submissions (API, workload) each have a bound, and ticks need none. A tick is a
 * coalesced flag: the alarm sets it and queues one tick only if none is queued, so a tick is
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
  /**
   * Where a step's outputs go: its state and messages through {@link ReadyApplier} (store, then
   * transport), then what it decided to {@link #applied}.
   */
  public interface Sink extends ReadyStore, ReadyTransport {
    /** Reports the step's commits, rejections and evidence, after its messages left. */
    void applied(Ready ready);

    /** A peer's message was refused as invalid (bad signature, wrong sender, malformed). */
    void misbehaved(ByteString peer, Rejection rejection);

    /** The snapshot the step just published (on the loop thread, after {@link #applied}). */
    default void published(NodeStatus status) {}

    /** An event is offered to the queue (on the submitting thread, before the loop sees it). */
    default void arrived(Event event) {}

    /** A step failed and the driver stopped for good (on the loop thread, once). */
    default void halted(Throwable cause) {}
  }

  private static final Logger LOG = Logger.getLogger(NodeDriver.class.getName());
  private static final Rejection OVERLOADED = Rejection.of(Reason.POOL_FULL, "node is overloaded");

  private final NodeCore core;
  private final Sink sink;
  private final ReadyApplier applier;
  private final LongSupplier clock;
  private final Alarm alarm;
  private final DriverQueue work;
  private final SignatureLanes lanes;
  private final AtomicLong refusedAtPrecheck = new AtomicLong();
  private final Thread loop;
  private volatile NodeSnapshot snapshot;
  /** Inputs applied; written by the loop only. */
  private long steps;
  private volatile boolean running = true;
  private volatile Throwable failure;
  private final Object halting = new Object();
  private Future<?> wakeUp;
  private long wakeUpAtMs = Long.MAX_VALUE;

  /** A driver for {@code core} with a timer thread and the default capacity; call {@link #start}. */
  public NodeDriver(NodeCore core, Sink sink, LongSupplier clock) {
    this(core, sink, clock, TimerThread.start("lpos-timer"), DriverCapacity.defaults());
  }

  /** A driver for {@code core} woken by {@code alarm}, holding at most {@code capacity}. */
  public NodeDriver(NodeCore core, Sink sink, LongSupplier clock, Alarm alarm, DriverCapacity capacity) {
    this.core = core;
    this.sink = sink;
    this.applier = new ReadyApplier(sink, sink, new Reports());
    this.clock = clock;
    this.alarm = alarm;
    this.work = new DriverQueue(capacity);
    this.snapshot = new NodeSnapshot(0, core.status());
    this.lanes = new SignatureLanes(core, this::status, new CheckedInputs());
    this.loop = new Thread(this::run, "lpos-consensus");
    // A backstop: whatever escapes the loop's own handling still halts the node.
    this.loop.setUncaughtExceptionHandler((thread, e) -> halt(e));
  }

  /** Starts the loop and enters the first undecided height. */
  public void start() {
    work.addStart();
    lanes.start();
    loop.start();
  }

  /** The snapshot the loop published after its latest step (safe from any thread, never waits). */
  public NodeSnapshot snapshot() {
    return snapshot;
  }

  /** The core's position in the latest snapshot (safe from any thread). */
  public NodeStatus status() {
    return snapshot.status();
  }

  /** Why the driver halted, if a step failed. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Messages from peers refused because their share of the queue was full. */
  public long refusedPeerMessages() {
    return work.refusedPeerMessages() + refusedAtPrecheck.get();
  }

  /**
   * Enqueues an event; returns false (and drops it) when its source's share of the queue is full
   * or the driver stopped. A tick is never refused: it is merged with any tick already waiting.
   * Transactions pass the {@link SignaturePrecheck} first, so a refusal of theirs may come later
   * (counted, and a peer's ticket released, the same way); for them the answer only says whether
   * the driver runs.
   */
  public boolean offer(Event event) {
    return offer(event, InboundTicket.NONE);
  }

  /**
   * Enqueues an event like {@link #offer(Event)}, and releases {@code taken} once when the loop
   * takes it from the queue, or at once if it is refused: the peer mesh holds a message's bytes
   * against its stream's budget until then.
   */
  public boolean offer(Event event, InboundTicket taken) {
    if (event instanceof Event.Tick) {
      taken.release();
      wake();
      return running;
    } else if (event instanceof Event.SubmitTransaction s) {
      taken.release();
      return enqueue(s, new CompletableFuture<>());
    } else if (event instanceof Event.Received r) {
      sink.arrived(event);
      DriverInput.FromPeer input = new DriverInput.FromPeer(r, taken);
      if (r.message().hasTransactions()) {
        lanes.transactions(input);
      } else if (r.message().hasProposal() && r.message().getProposal().getBlock().getTransactionsCount() > 0) {
        lanes.proposal(input);
      } else {
        return queue(input);
      }
      return running;
    }
    throw new IllegalArgumentException("unknown event " + event);
  }

  /** Enqueues a message received at the current time. */
  public boolean received(ByteString from, PeerMessage message) {
    return received(from, message, InboundTicket.NONE);
  }

  /** Enqueues a message received at the current time; {@code taken} as in {@link #offer(Event, InboundTicket)}. */
  public boolean received(ByteString from, PeerMessage message, InboundTicket taken) {
    return offer(new Event.Received(clock.getAsLong(), from, message), taken);
  }

  /** Serialized bytes of peers' messages waiting in the queue. */
  public long queuedPeerBytes() {
    return work.queuedPeerBytes();
  }

  /**
   * Submits a transaction through the loop; completes with the reason it was refused, or empty
   * when it entered the pool.
   */
  public CompletableFuture<Optional<Rejection>> submitTransaction(Transaction tx) {
    return submitTransaction(new Event.SubmitTransaction(clock.getAsLong(), tx));
  }

  /**
   * Queues one submission, stamped once by the caller: metrics and the core see the same time. The
   * loop completes the future after the step (callers chain on it; nobody should wait on it on a
   * thread the loop might need), and a stopped driver completes it exceptionally.
   */
  private CompletableFuture<Optional<Rejection>> submitTransaction(Event.SubmitTransaction event) {
    CompletableFuture<Optional<Rejection>> admission = new CompletableFuture<>();
    enqueue(event, admission);
    return admission;
  }

  /**
   * Queues a submission behind the signature precheck; when refused (there or by the queue),
   * answers {@code admission} at once.
   */
  private boolean enqueue(Event.SubmitTransaction event, CompletableFuture<Optional<Rejection>> admission) {
    sink.arrived(event);
    lanes.transactions(new DriverInput.Submission(event, admission));
    return running;
  }

  private void refuse(CompletableFuture<Optional<Rejection>> admission) {
    if (running) {
      admission.complete(Optional.of(OVERLOADED));
    } else {
      admission.completeExceptionally(new IllegalStateException("node stopped"));
    }
  }

  @Override
  public void close() {
    running = false;
    lanes.close();
    loop.interrupt();
    alarm.close();
    try {
      loop.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    refuseWaiting();
  }

  /**
   * The alarm's entry point: queues a tick unless one is waiting already. Never refused, so no
   * wake-up the core asked for is lost to a full queue.
   */
  void wake() {
    try {
      if (running) {
        work.addTick();
      }
    } catch (Throwable t) {
      // The timer's executor would swallow this and the node's clock would stop for good.
      halt(t);
      throw t;
    }
  }

  /**
   * Queues a peer's message or a submission for the loop at the priority of what it is: a batch of
   * transactions or a submission behind consensus traffic. False when refused; a refused peer
   * message's ticket is released.
   */
  private boolean queue(DriverInput input) {
    if (input instanceof DriverInput.FromPeer p) {
      PeerMessage m = p.event().message();
      if (running && work.add(m.hasTransactions() ? DriverQueue.Priority.TRANSACTIONS : DriverQueue.Priority.CONSENSUS,
          DriverQueue.Source.PEER, m.getSerializedSize(), p)) {
        return true;
      }
      p.taken().release();
      return false;
    }
    return running && work.add(DriverQueue.Priority.TRANSACTIONS, DriverQueue.Source.OWN, 0, input);
  }

  /** Where the lanes send an input: queued once checked, refused as the queue refuses when they are full. */
  private final class CheckedInputs implements SignaturePrecheck.Outlet {
    @Override
    public void checked(DriverInput input) {
      if (!queue(input) && input instanceof DriverInput.Submission s) {
        refuse(s.admission());
      }
    }

    @Override
    public void refused(DriverInput input) {
      if (input instanceof DriverInput.FromPeer p) {
        refusedAtPrecheck.incrementAndGet();
        p.taken().release();
      } else if (input instanceof DriverInput.Submission s) {
        refuse(s.admission());
      }
    }
  }

  /** Of the refused peer messages, those refused because the queue held too many bytes of them. */
  public long refusedForBytes() {
    return work.refusedForBytes();
  }

  /**
   * The loop. Anything that fails in it halts the node, not only a step: taking from the queue,
   * the bookkeeping around an input, an {@link Error} from anywhere. Only {@link #close} ends it
   * quietly.
   */
  private void run() {
    try {
      while (running) {
        DriverInput next;
        try {
          next = work.take();
        } catch (InterruptedException e) {
          return;
        }
        step(next);
      }
    } catch (Throwable t) {
      if (running) {
        halt(t);
      }
    } finally {
      refuseWaiting();
    }
  }

  /** One input, one call of the core, one {@link #apply}: the whole of what the loop does. */
  private void step(DriverInput input) {
    if (input instanceof DriverInput.Start) {
      apply(core.start(clock.getAsLong()));
    } else if (input instanceof DriverInput.Tick) {
      // Whatever was scheduled has fired or is superseded: the core says below what it wants next.
      wakeUpAtMs = Long.MAX_VALUE;
      apply(core.handle(new Event.Tick(clock.getAsLong())));
    } else if (input instanceof DriverInput.FromPeer p) {
      p.taken().release();
      apply(core.handle(p.event()));
    } else if (input instanceof DriverInput.Submission s) {
      Ready ready;
      try {
        ready = core.handle(s.event());
        apply(ready);
      } catch (Throwable t) {
        s.admission().completeExceptionally(new IllegalStateException("node stopped", t));
        throw t;
      }
      List<Rejection> rejected = ready.rejected();
      s.admission().complete(rejected.isEmpty() ? Optional.empty() : Optional.of(rejected.get(0)));
    } else {
      throw new IllegalStateException("unknown driver input " + input);
    }
  }

  /**
   * Once the loop ended, answers what still waits so no caller waits for a stopped node: peers'
   * tickets are released, submissions fail.
   */
  private void refuseWaiting() {
    DriverInput left;
    while ((left = work.poll()) != null) {
      if (left instanceof DriverInput.FromPeer p) {
        p.taken().release();
      } else if (left instanceof DriverInput.Submission s) {
        s.admission().completeExceptionally(new IllegalStateException("node stopped"));
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

  /**
   * Applies a step's outputs, then publishes the snapshot. A failed write throws out of the step
   * and halts the driver: the core has moved past what is on disk, and going on would send
   * signatures or announce blocks a restart could not account for. A restart resumes from the
   * store.
   */
  private void apply(Ready ready) {
    applier.apply(ready);
    lanes.published(core);
    NodeSnapshot published = new NodeSnapshot(++steps, core.status());
    snapshot = published;
    sink.published(published.status());
  }

  /** The driver's part of a step's report: the sink's, the peers to blame, the next wake-up. */
  private final class Reports implements ReadyListener {
    @Override
    public void applied(Ready ready) {
      sink.applied(ready);
      for (Offence offence : ready.offences()) {
        sink.misbehaved(offence.peer(), offence.rejection());
      }
    }

    @Override
    public void wakeUpAt(OptionalLong atMs) {
      long next = atMs.orElse(Long.MAX_VALUE);
      if (next != wakeUpAtMs) {
        scheduleWakeUp(next);
      }
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
