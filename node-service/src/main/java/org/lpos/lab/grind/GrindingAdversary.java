package org.lpos.lab.grind;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.model.OutputKey;
import org.lpos.node.consensus.ConsensusMessages;
import org.lpos.chain.lottery.SeedProofs;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Ticket;
import org.lpos.proto.v1.TicketSubmission;
import org.lpos.proto.v1.Vote;

/**
 * One Byzantine member grinding the director competition (the {@code grind} mode): it rewrites
 * what its honest core sends. Its own ticket becomes a ground one ({@link TicketGrinder}); its
 * fresh proposals carry the ticket {@link ProposalGrinder} chooses, re-signed, and its votes for
 * a block it rewrote name the rewritten block, so it signs nothing that conflicts. Everything it
 * sends is valid: honest nodes must accept it. Its core still holds the block it built and never
 * precommits the rewritten one, so a proposer holding more than f seats keeps the honest ticket
 * (the others could not commit without its seats): this adversary is weaker than one whose core
 * chose the ticket itself. With the VRF lottery its only lever is withholding ({@link
 * Withholding}). Not thread-safe.
 */
public final class GrindingAdversary {
  private final KeyPair key;
  private final String chainId;
  private final Supplier<ChainState> chain;
  private final SplittableRandom random;
  private final TicketGrinder tickets;
  private final ProposalGrinder proposals;
  private final Withholding withholding;
  /** The VRF blocks of its core it judged, by hash, with their height (judged once: a resent proposal is judged alike). */
  private final Map<ByteString, Long> judgedAt = new HashMap<>();
  /** The judged blocks it withholds. */
  private final Set<ByteString> withheld = new HashSet<>();
  private final TreeMap<Long, List<Ticket>> received = new TreeMap<>();
  /** Each block its core proposed, by hash, and the block it sent instead (the same when it kept the ticket). */
  private final Map<ByteString, Block> rewritten = new HashMap<>();
  /** The ground ticket of each height: a core that sends its ticket again must not send another one. */
  private final TreeMap<Long, Ticket> groundAt = new TreeMap<>();

  /**
   * The grinder of member {@code key}, reading its node's state through {@code chain} (the state
   * its core builds on), drawing salts from {@code random}.
   */
  public GrindingAdversary(KeyPair key, String chainId, Supplier<ChainState> chain, SplittableRandom random,
      AlternativeSignatures alternatives, SeatScore score, int tries, SeedProofs proofs) {
    this.key = key;
    this.chainId = chainId;
    this.chain = chain;
    this.random = random;
    this.tickets = new TicketGrinder(alternatives, score, tries);
    this.proposals = new ProposalGrinder(alternatives, score, tries);
    this.withholding = new Withholding(score, proofs);
  }

  /** Remembers the tickets it receives: a proposer may put any valid one in its block. */
  public void observe(PeerMessage m) {
    if (m.hasTicket()) {
      received.computeIfAbsent(m.getTicket().getHeight(), h -> new ArrayList<>()).add(m.getTicket().getTicket());
    }
  }

  /** What it sends instead of {@code m}; null when it stays silent. */
  public PeerMessage transform(PeerMessage m) {
    ChainState state = chain.get();
    long next = state.tip().height() + 1;
    forgetBelow(next);
    if (state.lottery() == Lottery.LOTTERY_VRF) {
      return m.hasProposal() && m.getProposal().getProposer().equals(key.publicKey()) ? vrfProposal(m, state, next) : m;
    }
    if (m.hasTicket() && m.getTicket().getHeight() == next && m.getTicket().getTicket().getOwner().equals(key.publicKey())) {
      Ticket own = m.getTicket().getTicket();
      Ticket ground = groundAt.computeIfAbsent(next,
          h -> tickets.grind(key, state, OutputKey.of(own.getOutput()), random.nextLong()));
      return PeerMessage.newBuilder().setTicket(TicketSubmission.newBuilder().setHeight(next).setTicket(ground)).build();
    }
    if (m.hasProposal() && m.getProposal().getProposer().equals(key.publicKey())) {
      return proposal(m.getProposal(), state, next);
    }
    if (m.hasVote() && m.getVote().getSigner().equals(key.publicKey())) {
      Vote v = m.getVote();
      Block block = rewritten.get(v.getBlockHash());
      if (block != null && !Blocks.hash(block).equals(v.getBlockHash())) {
        return ConsensusMessages.wrap(ConsensusMessages.vote(key, chainId, v.getType(), v.getHeight(), v.getRound(),
            Blocks.hash(block)));
      }
    }
    return m;
  }

  private PeerMessage proposal(Proposal p, ChainState state, long next) {
    ByteString hash = Blocks.hash(p.getBlock());
    Block block = rewritten.get(hash);
    if (block == null && p.getValidRound() < 0 && p.getHeight() == next) {
      // Its core holds the block it built, never the rewritten one, so it never precommits the
      // latter: the others commit it without this member's seats only if it holds at most f.
      boolean rewritable = state.nextSenate().seatsOf(key.publicKey()) <= state.nextSenate().maxFaulty();
      Ticket chosen = rewritable
          ? proposals.choose(p.getBlock(), state, key, received.getOrDefault(next, List.of()), random.nextLong())
          : p.getBlock().getHeader().getTicket();
      block = p.getBlock().toBuilder().setHeader(p.getBlock().getHeader().toBuilder().setTicket(chosen)).build();
      rewritten.put(hash, block);
    }
    if (block == null || Blocks.hash(block).equals(hash)) {
      return ConsensusMessages.wrap(p);
    }
    return ConsensusMessages.wrap(
        ConsensusMessages.proposal(key, chainId, p.getHeight(), p.getRound(), block, p.getValidRound()));
  }

  /** A VRF proposal, or null if the withholding rule keeps it back (decided once per block). */
  private PeerMessage vrfProposal(PeerMessage m, ChainState state, long next) {
    Proposal p = m.getProposal();
    ByteString hash = Blocks.hash(p.getBlock());
    if (p.getValidRound() < 0 && p.getHeight() == next && judgedAt.putIfAbsent(hash, next) == null
        && withholding.withholds(p.getBlock(), p.getRound(), state)) {
      withheld.add(hash);
    }
    return withheld.contains(hash) ? null : m;
  }

  private void forgetBelow(long next) {
    received.headMap(next).clear();
    groundAt.headMap(next).clear();
    rewritten.values().removeIf(b -> b.getHeader().getHeight() < next);
    judgedAt.values().removeIf(h -> h < next);
    withheld.retainAll(judgedAt.keySet());
  }
}
