package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;

/**
 * The peers a committed block is not gossiped to: the one that sent it, and those that have shown
 * they hold it. A peer shows the height it holds by its messages: a proposal, vote or ticket of
 * height {@code h + 1}, a committed block or a status of height {@code h}. Memory is bounded: the
 * heights of the {@value #PEERS_REMEMBERED} peers heard from most recently.
 *
 * <p>Every other peer gets the block at once. Holding it back from the senators of its height for
 * a while (they usually decide it from the precommits themselves) halved the block bytes but hurt
 * latency: a senator stalled by a GC pause falls behind while heights take tens of milliseconds,
 * then waits out the delay for the block, and when it proposes next every node waits with it.
 */
final class BlockGossip {
  static final int PEERS_REMEMBERED = 1_024;

  private final Map<ByteString, Long> heldBy = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<ByteString, Long> eldest) {
      return size() > PEERS_REMEMBERED;
    }
  };

  /** {@code peer} sent {@code m}, which may show the height it holds. */
  void heardFrom(ByteString peer, PeerMessage m) {
    heldHeight(m).ifPresent(h -> heard(peer, h));
  }

  /** The height a peer shows it holds by sending {@code m}: messages of height h + 1 show h. */
  private static OptionalLong heldHeight(PeerMessage m) {
    return switch (m.getBodyCase()) {
      case PROPOSAL -> OptionalLong.of(m.getProposal().getHeight() - 1);
      case VOTE -> OptionalLong.of(m.getVote().getHeight() - 1);
      case TICKET -> OptionalLong.of(m.getTicket().getHeight() - 1);
      case COMMITTED_BLOCK -> OptionalLong.of(m.getCommittedBlock().getBlock().getHeader().getHeight());
      case STATUS -> OptionalLong.of(m.getStatus().getHeight());
      default -> OptionalLong.empty();
    };
  }

  /** {@code peer} has shown that it holds the blocks up to {@code height}. */
  void heard(ByteString peer, long height) {
    Long known = heldBy.get(peer);
    if (known == null || height > known) {
      heldBy.put(peer, height);
    }
  }

  /**
   * The gossip of a block this node just committed; {@code from} is the peer that sent it, or null
   * when this node decided it.
   */
  Outbound.Gossip committed(CertifiedBlock cb, ByteString from) {
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
    return new Outbound.Gossip(PeerMessage.newBuilder().setCommittedBlock(cb).build(), except);
  }
}
