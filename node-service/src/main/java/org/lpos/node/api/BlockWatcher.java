package org.lpos.node.api;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.lpos.node.consensus.BlockArchive;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.WatchBlocksResponse;

/**
 * One WatchBlocks stream. It sends heights in order from a next height: a block queued by the
 * feed when it is that height, otherwise the block from the archive (the replay, or a block
 * committed before the watcher subscribed), so no height is skipped or sent twice. It sends only
 * while the transport is ready and resumes from gRPC's on-ready callback, on the API's threads,
 * one run at a time; a run sends at most {@link #SENDS_PER_RUN} blocks and then yields the thread.
 *
 * <p>The queue of committed blocks waiting is bounded in blocks and bytes; a watcher that lets it
 * overflow is ended with RESOURCE_EXHAUSTED and frees its slot.
 */
final class BlockWatcher {
  /** Blocks sent in one run before the thread is handed back to other calls. */
  static final int SENDS_PER_RUN = 32;

  /** A committed block's response, shared by every watcher's queue. */
  record Queued(long height, WatchBlocksResponse response, int bytes) {}

  private final ServerCallStreamObserver<WatchBlocksResponse> stream;
  private final BlockArchive archive;
  private final Executor executor;
  private final ApiLimits limits;
  private final Consumer<BlockWatcher> onEnd;
  private final Runnable onOverflow;
  private final Queue<Queued> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queuedBlocks = new AtomicInteger();
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicInteger runsWanted = new AtomicInteger();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean overflowed;
  private volatile boolean finishing;
  /** The next height to send; only runs touch it (one at a time). */
  private long next;

  BlockWatcher(ServerCallStreamObserver<WatchBlocksResponse> stream, BlockArchive archive, Executor executor,
      ApiLimits limits, Consumer<BlockWatcher> onEnd, Runnable onOverflow) {
    this.stream = stream;
    this.archive = archive;
    this.executor = executor;
    this.limits = limits;
    this.onEnd = onEnd;
    this.onOverflow = onOverflow;
    // Set in the call's handler, as gRPC requires.
    stream.setOnReadyHandler(this::schedule);
    stream.setOnCancelHandler(this::end);
  }

  /** Starts sending from {@code height}. */
  void start(long height) {
    next = height;
    schedule();
  }

  /** Queues a committed block (on the driver thread). */
  void offer(Queued block) {
    if (ended.get() || overflowed) {
      return;
    }
    int blocks = queuedBlocks.incrementAndGet();
    long bytes = queuedBytes.addAndGet(block.bytes());
    if (blocks > limits.watcherQueueBlocks() || bytes > limits.watcherQueueBytes()) {
      queuedBlocks.decrementAndGet();
      queuedBytes.addAndGet(-block.bytes());
      overflowed = true;
    } else {
      queue.add(block);
    }
    schedule();
  }

  /** Completes the stream (shutdown). */
  void finish() {
    finishing = true;
    schedule();
  }

  private void schedule() {
    if (ended.get() || runsWanted.getAndIncrement() != 0) {
      return;
    }
    try {
      executor.execute(this::run);
    } catch (RejectedExecutionException e) {
      end();
    }
  }

  private void run() {
    int wanted = runsWanted.get();
    while (true) {
      boolean more;
      try {
        more = sendSome();
      } catch (RuntimeException e) {
        close(Status.UNAVAILABLE.withDescription("cannot read the block archive: " + e.getMessage()));
        more = false;
      }
      if (more) {
        // Sent a full run and could send more: yield the thread, come back at the end of the queue.
        runsWanted.set(0);
        schedule();
        return;
      }
      wanted = runsWanted.addAndGet(-wanted);
      if (wanted == 0) {
        return;
      }
    }
  }

  /** Sends what it can; true when it stopped only because the run's budget was spent. */
  private boolean sendSome() {
    if (ended.get()) {
      return false;
    }
    if (overflowed) {
      onOverflow.run();
      close(Status.RESOURCE_EXHAUSTED.withDescription("this WatchBlocks stream fell more than "
          + limits.watcherQueueBlocks() + " blocks or " + limits.watcherQueueBytes() + " bytes behind"));
      return false;
    }
    if (finishing) {
      if (ended.compareAndSet(false, true)) {
        clear();
        onEnd.accept(this);
        stream.onCompleted();
      }
      return false;
    }
    for (int sent = 0; sent < SENDS_PER_RUN; sent++) {
      if (!stream.isReady() || stream.isCancelled()) {
        return false;
      }
      Queued head = queue.peek();
      while (head != null && head.height() < next) {
        take();
        head = queue.peek();
      }
      WatchBlocksResponse response;
      if (head != null && head.height() == next) {
        take();
        response = head.response();
      } else if (next <= archive.lastHeight()) {
        Optional<CertifiedBlock> stored = archive.block(next);
        if (stored.isEmpty()) {
          throw new IllegalStateException("block " + next + " is missing from the archive");
        }
        response = BlockFeed.response(stored.get());
      } else {
        return false;
      }
      stream.onNext(response);
      next++;
    }
    return true;
  }

  private void take() {
    Queued q = queue.poll();
    if (q != null) {
      queuedBlocks.decrementAndGet();
      queuedBytes.addAndGet(-q.bytes());
    }
  }

  private void close(Status status) {
    if (ended.compareAndSet(false, true)) {
      clear();
      onEnd.accept(this);
      stream.onError(status.asRuntimeException());
    }
  }

  /** The client went away (gRPC's cancel callback). */
  private void end() {
    if (ended.compareAndSet(false, true)) {
      clear();
      onEnd.accept(this);
    }
  }

  private void clear() {
    queue.clear();
    queuedBlocks.set(0);
    queuedBytes.set(0);
  }
}
