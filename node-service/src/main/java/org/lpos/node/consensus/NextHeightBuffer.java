package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.ledger.Rejection;
import org.lpos.proto.v1.PeerMessage;

/**
 * Messages of the height after the one being decided, kept until the node enters it: a peer that
 * committed first is already voting there. Bounded per sender and overall, in count and in bytes,
 * so that one peer (or a few) flooding next-height messages cannot push out those of the others
 * or hold more memory than a few honest senators would; a message already held is not held
 * twice (senators re-send theirs every second). What enters has passed {@link AheadScreen}.
 *
 * <p>Byte bounds: one peer may have {@code 2 × P + 256 × 512} bytes waiting, where {@code P} is
 * the largest proposal ({@link AheadScreen#largestProposalBytes}): its proposals of two rounds
 * (a node one height behind enters the next height within a round or two, and a proposer speaks
 * once per round) and its small messages at their count limit. All peers together may hold
 * {@value #PEERS_WORTH_IN_TOTAL} peers' worth: the proposers of a few rounds plus votes, while
 * the {@value #TOTAL_LIMIT}-message count bound covers the votes of a large senate. With the
 * shipped chains' 4 MiB blocks that is about 8.1 MiB per peer and 33 MiB in all. When full, a
 * message is dropped; the protocol does not need it (senators re-send their own messages, and a
 * node that missed a height fetches its block).
 */
final class NextHeightBuffer {
  /** Messages one peer may have waiting: its proposal, votes and ticket for tens of rounds. */
  static final int PER_PEER_LIMIT = 256;
  /** Messages waiting at most. */
  static final int TOTAL_LIMIT = 4_096;
  /** The byte bound of all peers together, in multiples of one peer's. */
  static final int PEERS_WORTH_IN_TOTAL = 4;

  private final long perPeerBytes;
  private final long totalBytes;
  private final List<Event.Received> waiting = new ArrayList<>();
  private final Set<PeerMessage> held = new HashSet<>();
  private final Map<ByteString, Integer> perPeer = new HashMap<>();
  private final Map<ByteString, Long> bytesPerPeer = new HashMap<>();
  private long bytes;

  /** A buffer for a chain whose largest proposal message has {@code largestProposalBytes}. */
  NextHeightBuffer(long largestProposalBytes) {
    this.perPeerBytes = 2 * largestProposalBytes + (long) PER_PEER_LIMIT * AheadScreen.SMALL_MESSAGE_MAX_BYTES;
    this.totalBytes = PEERS_WORTH_IN_TOTAL * perPeerBytes;
  }

  /**
   * Screens a message of the height after {@code chain}'s next one and keeps it if it passes;
   * returns why it was refused (the sender's fault), if it was. Only stakeholders can sit in the
   * next senate: a key without stake fills no buffer, and what a stakeholder sends is screened as
   * far as it can be before the height's senate is known.
   */
  Optional<Rejection> admit(Event.Received r, ChainState chain) {
    if (chain.utxos().largestOwnedBy(r.from()).isEmpty()) {
      return Optional.empty();
    }
    AheadScreen.Verdict verdict = AheadScreen.nextHeightMessage(r.message(), chain);
    if (verdict instanceof AheadScreen.Verdict.Refuse refused) {
      return Optional.of(refused.rejection());
    } else if (verdict instanceof AheadScreen.Verdict.Keep) {
      add(r);
    } else if (!(verdict instanceof AheadScreen.Verdict.Drop)) {
      throw new IllegalStateException("unhandled verdict " + verdict);
    }
    return Optional.empty();
  }

  /** Keeps {@code r} unless its sender or the buffer is at a limit; returns whether it was kept. */
  boolean add(Event.Received r) {
    int count = perPeer.getOrDefault(r.from(), 0);
    long size = r.message().getSerializedSize();
    long peerBytes = bytesPerPeer.getOrDefault(r.from(), 0L);
    if (count >= PER_PEER_LIMIT || waiting.size() >= TOTAL_LIMIT
        || peerBytes + size > perPeerBytes || bytes + size > totalBytes || !held.add(r.message())) {
      return false;
    }
    perPeer.put(r.from(), count + 1);
    bytesPerPeer.put(r.from(), peerBytes + size);
    bytes += size;
    waiting.add(r);
    return true;
  }

  /** Removes and returns every waiting message, in arrival order. */
  List<Event.Received> drain() {
    List<Event.Received> all = new ArrayList<>(waiting);
    waiting.clear();
    held.clear();
    perPeer.clear();
    bytesPerPeer.clear();
    bytes = 0;
    return all;
  }

  /** The sender of the oldest waiting message, if any. */
  Optional<ByteString> firstSender() {
    return waiting.isEmpty() ? Optional.empty() : Optional.of(waiting.get(0).from());
  }

  int size() {
    return waiting.size();
  }

  /** Serialized bytes of the waiting messages. */
  long bytes() {
    return bytes;
  }

  /** Bytes one peer may have waiting at most. */
  long perPeerBytes() {
    return perPeerBytes;
  }

  /** Bytes all peers may have waiting at most. */
  long totalBytes() {
    return totalBytes;
  }
}
