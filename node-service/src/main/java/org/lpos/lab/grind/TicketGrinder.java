package org.lpos.lab.grind;

import com.google.protobuf.ByteString;
import java.util.List;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.senate.StakeIndex;
import org.lpos.chain.ticket.Tickets;
import org.lpos.proto.v1.OutputRef;
import org.lpos.proto.v1.Ticket;

/**
 * A Byzantine stakeholder's ticket for the director competition (PROTOCOL §6), ground over
 * {@code tries} alternative signatures: its {@code q} is the alternative that gives the Byzantine
 * members the most seats in the senate it would seed, drawn on the state the proposer builds on
 * (the sender cannot know the block's transactions), and its {@code sig} the lowest alternative,
 * so it wins the competition at honest proposers as often as it can. With one try the ticket is
 * one valid ticket like an honest one.
 */
public final class TicketGrinder {
  /** Keeps the nonces of {@code q} and of {@code sig} apart. */
  private static final long SIG_SALT = 0x5349475341_4c54L;

  private final AlternativeSignatures alternatives;
  private final SeatScore score;
  private final int tries;

  /** A grinder trying {@code tries} signatures of each kind. */
  public TicketGrinder(AlternativeSignatures alternatives, SeatScore score, int tries) {
    this.alternatives = alternatives;
    this.score = score;
    this.tries = tries;
  }

  /** The ticket {@code owner} sends for the height after {@code state}'s tip, naming {@code output}. */
  public Ticket grind(KeyPair owner, ChainState state, OutputKey output, long salt) {
    byte[] seed = owner.secretSeed().toByteArray();
    OutputRef ref = output.toProto();
    List<byte[]> qs = alternatives.sign(seed, qMessage(state), tries, salt);
    ByteString q = bestQ(qs, state.tip().height() + 2, state.utxos().stakeIndex());
    byte[] sigMessage = Domain.TICKET.signBytes(state.chainId(), Tickets.sigPayload(state.tip().hash(), ref));
    ByteString sig = null;
    for (byte[] s : alternatives.sign(seed, sigMessage, tries, salt ^ SIG_SALT)) {
      ByteString candidate = ByteString.copyFrom(s);
      if (sig == null || ByteString.unsignedLexicographicalComparator().compare(candidate, sig) < 0) {
        sig = candidate;
      }
    }
    return Ticket.newBuilder().setOwner(owner.publicKey()).setOutput(ref).setQ(q).setSig(sig).build();
  }

  /**
   * The {@code q} among {@code qs} whose senate of {@code seededHeight} on {@code stake} gives the
   * Byzantine members the most seats; the first such one on a tie.
   */
  ByteString bestQ(List<byte[]> qs, long seededHeight, StakeIndex stake) {
    ByteString best = null;
    int bestSeats = -1;
    for (byte[] q : qs) {
      ByteString candidate = ByteString.copyFrom(q);
      int seats = score.of(seededHeight, candidate, stake);
      if (seats > bestSeats) {
        best = candidate;
        bestSeats = seats;
      }
    }
    return best;
  }

  /** The bytes a member signs for its {@code q} after {@code state}'s tip. */
  static byte[] qMessage(ChainState state) {
    return Domain.Q.signBytes(state.chainId(), Tickets.qPayload(state.tip().q()));
  }
}
