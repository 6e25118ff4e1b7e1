package org.lpos.node.net;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Inbound byte budgets enforced with gRPC's manual flow control: a stream is asked for its next
 * frame ({@code request(1)}) only while its own accepted-but-not-yet-taken bytes are under its
 * budget and all streams' together are under the node's. Bytes are accepted when a frame arrives
 * and released when the driver takes the message (or when the edge drops it), so a peer that
 * sends faster than the node works is paused by HTTP/2 flow control instead of filling the heap:
 * it costs at most its budget, one frame, and its transport window.
 *
 * <p>Thread-safe: frames arrive on gRPC threads, releases come from the driver thread. Each
 * {@link Window} has at most one request outstanding. A window paused by the node-wide budget is
 * remembered and re-tried on every release while any are paused.
 */
public final class InboundBytes {
  private final long totalLimit;
  private final AtomicLong total = new AtomicLong();
  private final Set<Window> paused = ConcurrentHashMap.newKeySet();
  private final AtomicLong pauses = new AtomicLong();

  /** Budgets whose streams together may hold {@code totalLimit} bytes. */
  public InboundBytes(long totalLimit) {
    if (totalLimit <= 0) {
      throw new IllegalArgumentException("total inbound budget must be positive: " + totalLimit);
    }
    this.totalLimit = totalLimit;
  }

  /**
   * A window for one stream holding at most {@code limit} bytes; {@code request} asks the stream
   * for n frames. {@code firstRequested}: the stream asked for its first frame itself (a client
   * call asks at its start, before it can be asked through {@code request}).
   */
  public Window open(long limit, IntConsumer request, boolean firstRequested) {
    Window w = new Window(limit, request);
    w.requested.set(firstRequested);
    return w;
  }

  /** Bytes accepted from all streams and not yet released. */
  public long inFlightBytes() {
    return total.get();
  }

  /** How many times a stream was paused for want of room. */
  public long pauses() {
    return pauses.get();
  }

  /** Streams waiting for room now. */
  public int pausedStreams() {
    return paused.size();
  }

  private void resumePaused() {
    if (paused.isEmpty() || total.get() >= totalLimit) {
      return;
    }
    for (Window w : paused) {
      w.tryRequest();
    }
  }

  /** One stream's budget. */
  public final class Window {
    private volatile long limit;
    private final IntConsumer request;
    private final AtomicLong inFlight = new AtomicLong();
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile boolean closed;

    private Window(long limit, IntConsumer request) {
      this.limit = limit;
      this.request = request;
    }

    /** Changes the stream's budget (at the handshake, when the peer's membership is known). */
    public void limit(long bytes) {
      this.limit = bytes;
      tryRequest();
    }

    /** The stream's budget. */
    public long limit() {
      return limit;
    }

    /** Bytes accepted from this stream and not yet released. */
    public long inFlightBytes() {
      return inFlight.get();
    }

    /**
     * A frame of {@code bytes} arrived (the one requested). Returns the ticket that releases it,
     * to be run exactly once when the message is taken or dropped.
     */
    public Runnable accept(long bytes) {
      requested.set(false);
      inFlight.addAndGet(bytes);
      total.addAndGet(bytes);
      AtomicBoolean released = new AtomicBoolean();
      return () -> {
        if (released.compareAndSet(false, true)) {
          release(bytes);
        }
      };
    }

    private void release(long bytes) {
      inFlight.addAndGet(-bytes);
      total.addAndGet(-bytes);
      tryRequest();
      resumePaused();
    }

    /** Asks the stream for its next frame if there is room and none is asked for yet. */
    public void tryRequest() {
      while (!closed && !requested.get()) {
        if (inFlight.get() < limit && total.get() < totalLimit) {
          if (requested.compareAndSet(false, true)) {
            paused.remove(this);
            request.accept(1);
          }
          return;
        }
        if (!paused.add(this)) {
          return;
        }
        pauses.incrementAndGet();
        // Registered: a release that scanned the paused set before this line would have missed
        // us, so look again.
      }
    }

    /** The stream ended: it is asked for nothing more (tickets still release its bytes). */
    public void close() {
      closed = true;
      paused.remove(this);
    }
  }
}
