package org.lpos.lab.sim;

import com.google.protobuf.ByteString;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.lpos.chain.crypto.Hex;
import org.lpos.chain.model.Blocks;
import org.lpos.chain.senate.Senate;
import org.lpos.proto.v1.CertifiedBlock;
import org.lpos.proto.v1.PeerMessage;
import org.lpos.proto.v1.Proposal;
import org.lpos.proto.v1.Vote;
import org.lpos.proto.v1.VoteType;

/**
 * Tells the story of one height as it happens (the original's "logical presentation"): its
 * senate, the tickets sent to it, each proposal, each vote and the commit with its certificate.
 */
final class HeightNarrator {
  private final long height;
  private final Function<ByteString, String> names;
  private final Consumer<String> out;
  private final Set<String> told = new HashSet<>();
  private boolean senateTold;
  private boolean commitTold;

  HeightNarrator(long height, Function<ByteString, String> names, Consumer<String> out) {
    this.height = height;
    this.names = names;
    this.out = out;
  }

  void onSenate(Senate senate, long nowMs) {
    if (senateTold || senate.height() != height) {
      return;
    }
    senateTold = true;
    StringBuilder seats = new StringBuilder();
    for (int i = 0; i < senate.size(); i++) {
      seats.append(i == 0 ? "" : ", ").append(i).append('=').append(names.apply(senate.seats().get(i)));
    }
    tell(nowMs, "height %d: senate of %d seats (quorum %d, up to %d faulty): %s", height, senate.size(),
        senate.quorum(), senate.maxFaulty(), seats);
  }

  void onSend(String sender, PeerMessage m, long nowMs) {
    if (m.hasTicket() && m.getTicket().getHeight() == height) {
      tell(nowMs, "ticket from %s (sig %s)", sender, Hex.shortForm(m.getTicket().getTicket().getSig()));
    } else if (m.hasProposal() && m.getProposal().getHeight() == height) {
      Proposal p = m.getProposal();
      tell(nowMs, "%s proposes block %s in round %d: %d transactions, ticket of %s, valid round %d", sender,
          Hex.shortForm(Blocks.hash(p.getBlock())), p.getRound(), p.getBlock().getTransactionsCount(),
          names.apply(p.getBlock().getHeader().getTicket().getOwner()), p.getValidRound());
    } else if (m.hasVote() && m.getVote().getHeight() == height) {
      Vote v = m.getVote();
      tell(nowMs, "%s %s round %d for %s", sender,
          v.getType() == VoteType.VOTE_TYPE_PRECOMMIT ? "precommits" : "prevotes", v.getRound(),
          v.getBlockHash().isEmpty() ? "nil" : Hex.shortForm(v.getBlockHash()));
    }
  }

  void onCommit(CertifiedBlock cb, long nowMs) {
    if (commitTold || cb.getBlock().getHeader().getHeight() != height) {
      return;
    }
    commitTold = true;
    StringBuilder signers = new StringBuilder();
    cb.getCertificate().getPrecommitsList()
        .forEach(p -> signers.append(signers.length() == 0 ? "" : ", ").append(names.apply(p.getSigner())));
    tell(nowMs, "committed block %s of height %d in round %d; certificate signed by %s",
        Hex.shortForm(Blocks.hash(cb.getBlock())), height, cb.getCertificate().getRound(), signers);
  }

  private void tell(long nowMs, String format, Object... args) {
    String line = String.format(Locale.ROOT, format, args);
    if (told.add(line)) {
      out.accept(String.format(Locale.ROOT, "[%9.3f s] %s", nowMs / 1000.0, line));
    }
  }
}
