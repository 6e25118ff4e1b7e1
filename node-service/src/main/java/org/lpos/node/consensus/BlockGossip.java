package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;

/**
 * Who is sent a committed block, and when. A block goes at once to the peers that may lack it;
 * the senators of its height hold it (a senator votes for the proposal it received) and almost
 * always decide it from the precommits they receive, so they get it only if they have not shown,
 * within a delay, that they moved past its height. Sending it to all of them at once made every
 * node parse each block once per peer, for nothing in almost every case.
 *
 * <p>A peer shows the height it holds by its messages: a proposal, vote or ticket of height
 * {@code h + 1}, a committed block or a status of height {@code h}. Memory is bounded: the
 * heights of the {@value #PEERS_REMEMBERED} peers heard from most recently, and the
 * {@value #DEFERRED_LIMIT} latest blocks still to offer.
 */
final class BlockGossip {
  static final int PEERS_REMEMBERED = 1_024;
  static final int DEFERRED_LIMIT = 64;

  private record Deferred(long atMs, CertifiedBlock block, List<ByteString> senators) {}

  private final ByteString self;
  private final long delayMs;
  private final Map<ByteString, Long> heldBy = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteString, Long> eldest) {
      return size() > PEERS_REMEMBERED;
    }
  };
  private final ArrayDeque<Deferred> deferred = new ArrayDeque<>();

  /** Gossip for the node {@code self}; senators wait {@code delayMs}. */
  BlockGossip(ByteString self, long delayMs) {
    this.self = self;
    this.delayMs = delayMs;
  }

  /** {@code peer} has shown that it holds the blocks up to {@code height}. */
  void heard(ByteString peer, long height) {
    Long known = heldBy.get(peer);
    if (known == null || height > known) {
      heldBy.put(peer, height);
    }
  }

  /**
   * The gossip of a block this node just committed ({@code from}: the peer that sent it, or null
   * when this node decided it; {@code senators}: the senate of its height), and the senators to
   * offer it to at {@link #nextDueMs()}.
   */
  Outbound.Gossip committed(CertifiedBlock cb, ByteString from, List<ByteString> senators, long nowMs) {
    long height = cb.getBlock().getHeader().getHeight();
    Set<ByteString> except = new HashSet<>();
    if (from != null) {
      except.add(from);
    }
    heldBy.forEach((peer, held) -> {
      if (held >= height) {
        except.add(peer);
      }
    });
    List<ByteString> later = new ArrayList<>();
    for (ByteString senator : senators) {
      if (!senator.equals(self) && except.add(senator)) {
        later.add(senator);
      }
    }
    if (!later.isEmpty()) {
      if (deferred.size() >= DEFERRED_LIMIT) {
        deferred.pollFirst();
      }
      deferred.addLast(new Deferred(nowMs + delayMs, cb, later));
    }
    return new Outbound.Gossip(committedBlock(cb), except);
  }

  /** When the earliest deferred offer is due, or {@link Long#MAX_VALUE}. */
  long nextDueMs() {
    return deferred.isEmpty() ? Long.MAX_VALUE : deferred.peekFirst().atMs();
  }

  /** The deferred offers due at {@code nowMs}, to the senators that have not shown they hold the block. */
  List<Outbound> due(long nowMs) {
    List<Outbound> sends = new ArrayList<>();
    while (!deferred.isEmpty() && deferred.peekFirst().atMs() <= nowMs) {
      Deferred d = deferred.pollFirst();
      long height = d.block().getBlock().getHeader().getHeight();
      PeerMessage message = committedBlock(d.block());
      for (ByteString senator : d.senators()) {
        Long held = heldBy.get(senator);
        if (held == null || held < height) {
          sends.add(new Outbound.ToPeer(senator, message));
        }
      }
    }
    return sends;
  }

  private static PeerMessage committedBlock(CertifiedBlock cb) {
    return PeerMessage.newBuilder().setCommittedBlock(cb).build();
  }
}
