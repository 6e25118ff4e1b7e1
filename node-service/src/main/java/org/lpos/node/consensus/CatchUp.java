package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.lpos.proto.v1.CertifiedBlock;

/**
 * The bookkeeping of catch-up: the committed height each peer claims, the block requests in
 * flight (one per peer, up to {@link #PARALLEL_PEERS} peers at once, each for a different range),
 * and the blocks received ahead of the next height, which wait here until the blocks below them
 * arrive. It decides nothing about validity: the core verifies every block against the senate it
 * computes itself when it applies it, and tells this class which peer sent a bad one.
 *
 * <p>A claim is only a hint: it prompts a fetch and nothing else (the node keeps voting). A peer
 * that answers with fewer blocks than it claimed loses its claim; one whose request times out or
 * that sends an invalid block also has its claims ignored for {@link #SUSPEND_MS}, so a liar
 * costs this node one small request per suspension, not one per claim. At most
 * {@link #MAX_CLAIMS} peers' claims are kept (the highest win). A response that ends early
 * because the responder's frame was full ({@code more}) is no lie: the rest is asked for again.
 *
 * <p>Blocks waiting are bounded in heights ({@code batch × (PARALLEL_PEERS + 1)} above the next
 * height), in bytes ({@value #MAX_BUFFERED_BYTES} in all) and per sending peer (a third of that,
 * one responder's share of {@link #PARALLEL_PEERS}), checked by {@link AheadScreen} before they
 * are offered here. Why: 256 heights of 4 MiB blocks would be 1 GiB, a pod's whole memory, while
 * 64 MiB is 16 blocks of the largest size the shipped chains allow, more than a node applies
 * between two requests. When full, the highest blocks give way to lower ones (a block is only
 * useful once those below it are here) and what does not fit is asked for again later; the block
 * at the next height is always kept, since the core applies it in the same step, so catch-up
 * progresses whatever the block size.
 */
final class CatchUp {
  /** How many peers are asked at once, each for its own range. */
  static final int PARALLEL_PEERS = 3;
  /** Peers whose claims are kept at most. */
  static final int MAX_CLAIMS = 64;
  /** How long the claims of a peer that failed a request are ignored. */
  static final long SUSPEND_MS = 10_000;
  /** Suspended peers remembered at most (the oldest are forgotten first). */
  static final int MAX_SUSPENDED = 1_024;
  /** Serialized bytes of the blocks waiting at most: 64 MiB. */
  static final long MAX_BUFFERED_BYTES = 64L << 20;
  /** Serialized bytes of the blocks waiting from one peer at most. */
  static final long MAX_BUFFERED_BYTES_PER_PEER = MAX_BUFFERED_BYTES / PARALLEL_PEERS;

  private final int batch;
  private final long timeoutMs;
  private final Map<ByteString, Long> claims = new LinkedHashMap<>();
  private final Map<ByteString, Range> inFlight = new LinkedHashMap<>();
  private final TreeMap<Long, Buffered> buffered = new TreeMap<>();
  private final Map<ByteString, Long> bufferedBytesOf = new HashMap<>();
  private long bufferedBytes;
  private final Map<ByteString, Long> suspendedUntil = new LinkedHashMap<>();
  private long clockMs = Long.MIN_VALUE;
  private int rotation;

  /** A block request to send. */
  record Request(ByteString peer, long fromHeight, int count, long deadlineMs) {}

  /** A block received ahead of the next height, and the peer it came from. */
  record Buffered(ByteString from, CertifiedBlock block) {}

  private record Range(long from, long to, long deadlineMs) {
    boolean covers(long height) {
      return height >= from && height <= to;
    }
  }

  CatchUp(int batch, long timeoutMs) {
    this.batch = batch;
    this.timeoutMs = timeoutMs;
  }

  /** {@code peer} has committed at least up to {@code tipHeight}. */
  void claim(ByteString peer, long tipHeight) {
    Long until = suspendedUntil.get(peer);
    if (until != null) {
      if (until > clockMs) {
        return;
      }
      suspendedUntil.remove(peer);
    }
    if (!claims.containsKey(peer) && claims.size() >= MAX_CLAIMS) {
      ByteString lowest = null;
      for (Map.Entry<ByteString, Long> e : claims.entrySet()) {
        if (lowest == null || e.getValue() < claims.get(lowest)) {
          lowest = e.getKey();
        }
      }
      if (claims.get(lowest) >= tipHeight) {
        return;
      }
      claims.remove(lowest);
      inFlight.remove(lowest);
    }
    claims.merge(peer, tipHeight, Math::max);
  }

  /** Whether the block at {@code height} is already here, waiting to be applied. */
  boolean holds(long height) {
    return buffered.containsKey(height);
  }

  /** Whether some peer claims a block this node lacks ({@code nextHeight} or above). */
  boolean behind(long nextHeight) {
    for (long tip : claims.values()) {
      if (tip >= nextHeight) {
        return true;
      }
    }
    return false;
  }

  /** The requests to send now so that up to {@link #PARALLEL_PEERS} ranges are in flight. */
  List<Request> plan(long nextHeight, long nowMs) {
    clockMs = Math.max(clockMs, nowMs);
    dropBelow(nextHeight);
    if (!behind(nextHeight)) {
      inFlight.clear();
      dropBelow(Long.MAX_VALUE);
      return List.of();
    }
    List<ByteString> peers = new ArrayList<>(claims.keySet());
    List<Request> requests = new ArrayList<>();
    long limit = nextHeight + (long) batch * (PARALLEL_PEERS + 1);
    for (int i = 0; i < peers.size() && inFlight.size() < PARALLEL_PEERS; i++) {
      ByteString peer = peers.get((rotation + i) % peers.size());
      long from = firstGap(nextHeight);
      long tip = claims.get(peer);
      if (inFlight.containsKey(peer) || tip < from || from >= limit) {
        continue;
      }
      int count = (int) Math.min(batch, tip - from + 1);
      Range range = new Range(from, from + count - 1, nowMs + timeoutMs);
      inFlight.put(peer, range);
      requests.add(new Request(peer, from, count, range.deadlineMs()));
    }
    rotation++;
    return requests;
  }

  /**
   * Takes in a response from {@code peer}: ends its request, lowers its claim if it sent fewer
   * blocks than it was asked for (unless it sent some and said {@code more}: its frame was full),
   * and keeps the blocks at or above {@code nextHeight}.
   */
  void onResponse(ByteString peer, List<CertifiedBlock> blocks, boolean more, long nextHeight) {
    Range asked = inFlight.remove(peer);
    long last = asked == null ? nextHeight - 1 : asked.from() - 1;
    for (CertifiedBlock cb : blocks) {
      long h = cb.getBlock().getHeader().getHeight();
      last = Math.max(last, h);
      keep(peer, cb, nextHeight);
    }
    if (asked != null && last < asked.to() && !(more && !blocks.isEmpty())) {
      claims.computeIfPresent(peer, (p, tip) -> Math.min(tip, blocks.isEmpty() ? asked.from() - 1 : tipOf(blocks)));
    }
  }

  /** Keeps a block gossiped ahead of the next height (it is applied once the gap is filled). */
  void offer(ByteString peer, CertifiedBlock block, long nextHeight) {
    claim(peer, block.getBlock().getHeader().getHeight());
    keep(peer, block, nextHeight);
  }

  /** Removes and returns the block at {@code nextHeight}, if it arrived. */
  Optional<Buffered> take(long nextHeight) {
    dropBelow(nextHeight);
    return Optional.ofNullable(drop(nextHeight));
  }

  /** {@code peer} sent an invalid block: forget its claim, its request and what it sent. */
  void distrust(ByteString peer) {
    claims.remove(peer);
    inFlight.remove(peer);
    List<Long> sent = new ArrayList<>();
    buffered.forEach((h, b) -> {
      if (b.from().equals(peer)) {
        sent.add(h);
      }
    });
    sent.forEach(this::drop);
    suspend(peer);
  }

  /** Serialized bytes of the blocks waiting. */
  long bufferedBytes() {
    return bufferedBytes;
  }

  /** Serialized bytes of the blocks waiting that {@code peer} sent. */
  long bufferedBytesOf(ByteString peer) {
    return bufferedBytesOf.getOrDefault(peer, 0L);
  }

  /** Keeps {@code cb} if its height is in the window and there is room (see the class comment). */
  private void keep(ByteString peer, CertifiedBlock cb, long nextHeight) {
    long h = cb.getBlock().getHeader().getHeight();
    if (h < nextHeight || h >= nextHeight + (long) batch * (PARALLEL_PEERS + 1) || buffered.containsKey(h)) {
      return;
    }
    long size = cb.getSerializedSize();
    if (h != nextHeight && !makeRoom(peer, size, h)) {
      return;
    }
    buffered.put(h, new Buffered(peer, cb));
    bufferedBytes += size;
    bufferedBytesOf.merge(peer, size, Long::sum);
  }

  /** Frees room for {@code size} bytes from {@code peer} at {@code height} by dropping higher blocks. */
  private boolean makeRoom(ByteString peer, long size, long height) {
    while (bufferedBytesOf(peer) + size > MAX_BUFFERED_BYTES_PER_PEER) {
      Long highestOfPeer = null;
      for (Map.Entry<Long, Buffered> e : buffered.tailMap(height, false).descendingMap().entrySet()) {
        if (e.getValue().from().equals(peer)) {
          highestOfPeer = e.getKey();
          break;
        }
      }
      if (highestOfPeer == null) {
        return false;
      }
      drop(highestOfPeer);
    }
    while (bufferedBytes + size > MAX_BUFFERED_BYTES) {
      if (buffered.isEmpty() || buffered.lastKey() <= height) {
        return false;
      }
      drop(buffered.lastKey());
    }
    return true;
  }

  private Buffered drop(long height) {
    Buffered b = buffered.remove(height);
    if (b != null) {
      long size = b.block().getSerializedSize();
      bufferedBytes -= size;
      bufferedBytesOf.computeIfPresent(b.from(), (p, n) -> n == size ? null : n - size);
    }
    return b;
  }

  private void dropBelow(long height) {
    while (!buffered.isEmpty() && buffered.firstKey() < height) {
      drop(buffered.firstKey());
    }
  }

  /** Ends the requests whose deadline passed and forgets those peers' claims. */
  void expire(long nowMs) {
    clockMs = Math.max(clockMs, nowMs);
    List<ByteString> late = new ArrayList<>();
    inFlight.forEach((peer, range) -> {
      if (range.deadlineMs() <= nowMs) {
        late.add(peer);
      }
    });
    for (ByteString peer : late) {
      inFlight.remove(peer);
      claims.remove(peer);
      suspend(peer);
    }
  }

  private void suspend(ByteString peer) {
    suspendedUntil.remove(peer);
    if (suspendedUntil.size() >= MAX_SUSPENDED) {
      ByteString oldest = suspendedUntil.keySet().iterator().next();
      suspendedUntil.remove(oldest);
    }
    suspendedUntil.put(peer, clockMs == Long.MIN_VALUE ? Long.MIN_VALUE : clockMs + SUSPEND_MS);
  }

  private long firstGap(long nextHeight) {
    long h = nextHeight;
    boolean moved = true;
    while (moved) {
      moved = false;
      if (buffered.containsKey(h)) {
        h++;
        moved = true;
      }
      for (Range r : inFlight.values()) {
        if (r.covers(h)) {
          h = r.to() + 1;
          moved = true;
        }
      }
    }
    return h;
  }

  private static long tipOf(List<CertifiedBlock> blocks) {
    long tip = 0;
    for (CertifiedBlock cb : blocks) {
      tip = Math.max(tip, cb.getBlock().getHeader().getHeight());
    }
    return tip;
  }
}
