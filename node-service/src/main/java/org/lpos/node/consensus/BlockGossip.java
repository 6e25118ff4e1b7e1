package org.lpos.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import org.lpos.chain.crypto.Hashes;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Vote;

/**
 * The peers a committed block is not gossiped to: the one that sent it, and those that have shown
 * they hold it. A peer shows the height it holds by its messages: a proposal, vote or ticket of
 * height {@code h + 1}, a committed block or a status of height {@code h}. Memory is bounded: the
 * heights of the {@value #PEERS_REMEMBERED} peers heard from most recently.
 *
 * <p>A peer that has shown it holds the block's body, by a prevote or precommit for it that it
 * signed itself, gets only the certificate (a commit notice): it joins it to its own copy, or
 * fetches the block from this node if it has lost it. The others get the whole block at once. Holding it back from the senators of its height for
 * a while (they usually decide it from the precommits themselves) halved the block bytes but hurt
 * latency: a senator stalled by a GC pause falls behind while heights take tens of milliseconds,
 * then waits out the delay for the block, and when it proposes next every node waits with it.
 */
final class BlockGossip {
  static final int PEERS_REMEMBERED = 1_024;
  /** Bodies remembered per peer, all of one height (a round or two of votes for distinct blocks). */
  static final int BODIES_PER_PEER = 4;

  private final Map<ByteString, Long> heldBy = recentPeers();
  private final Map<ByteString, Bodies> bodiesHeldBy = recentPeers();

  /** The block hashes of one height that a peer has voted for. */
  private record Bodies(long height, Set<ByteString> hashes) {}

  private static <V> Map<ByteString, V> recentPeers() {
    return new LinkedHashMap<>(64, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ByteString, V> eldest) {
        return size() > PEERS_REMEMBERED;
      }
    };
  }

  /** {@code peer} sent {@code m}, which may show the height it holds and a block body it holds. */
  void heardFrom(ByteString peer, PeerMessage m) {
    heldHeight(m).ifPresent(h -> heard(peer, h));
    if (m.hasVote()) {
      heardVote(peer, m.getVote());
    }
  }

  /**
   * A vote for a block that its signer sent itself: the signer judged the block, so it holds it.
   * Only hashes of a hash's length are kept, so a peer cannot make this node hold large junk.
   */
  private void heardVote(ByteString peer, Vote v) {
    if (v.getBlockHash().size() != Hashes.LENGTH || !v.getSigner().equals(peer)) {
      return;
    }
    Bodies bodies = bodiesHeldBy.get(peer);
    if (bodies == null || bodies.height() != v.getHeight()) {
      if (bodies != null && bodies.height() > v.getHeight()) {
        return;
      }
      bodies = new Bodies(v.getHeight(), new HashSet<>());
      bodiesHeldBy.put(peer, bodies);
    }
    if (bodies.hashes().size() < BODIES_PER_PEER) {
      bodies.hashes().add(v.getBlockHash());
    }
  }

  /** The height a peer shows it holds by sending {@code m}: messages of height h + 1 show h. */
  private static OptionalLong heldHeight(PeerMessage m) {
    return switch (m.getBodyCase()) {
      case PROPOSAL -> OptionalLong.of(m.getProposal().getHeight() - 1);
      case VOTE -> OptionalLong.of(m.getVote().getHeight() - 1);
      case TICKET -> OptionalLong.of(m.getTicket().getHeight() - 1);
      case COMMITTED_BLOCK -> OptionalLong.of(m.getCommittedBlock().getBlock().getHeader().getHeight());
      case STATUS -> OptionalLong.of(m.getStatus().getHeight());
      case COMMIT_NOTICE -> OptionalLong.of(m.getCommitNotice().getHeight());
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
   * The gossip of a block this node just committed, {@code from} the peer that sent it or null when
   * this node decided it: the certificate alone to the peers that hold the block's body, the whole
   * block to the rest.
   */
  List<Outbound> committed(CertifiedBlock cb, ByteString from) {
    long height = cb.getBlock().getHeader().getHeight();
    ByteString hash = cb.getCertificate().getBlockHash();
    Set<ByteString> except = new HashSet<>();
    if (from != null) {
      except.add(from);
    }
    heldBy.forEach((peer, held) -> {
      if (held >= height) {
        except.add(peer);
      }
    });
    List<ByteString> noticed = new ArrayList<>();
    bodiesHeldBy.forEach((peer, bodies) -> {
      if (bodies.height() == height && bodies.hashes().contains(hash) && !except.contains(peer)) {
        noticed.add(peer);
      }
    });
    except.addAll(noticed);
    List<Outbound> out = new ArrayList<>();
    out.add(new Outbound.Gossip(PeerMessage.newBuilder().setCommittedBlock(cb).build(), except));
    PeerMessage notice = PeerMessage.newBuilder().setCommitNotice(cb.getCertificate()).build();
    noticed.forEach(peer -> out.add(new Outbound.ToPeer(peer, notice)));
    return out;
  }
}
