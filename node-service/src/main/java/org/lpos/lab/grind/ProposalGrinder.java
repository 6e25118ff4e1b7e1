package org.lpos.lab.grind;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.crypto.KeyPair;
import org.lpos.chain.ledger.PendingUtxos;
import org.lpos.chain.ledger.TransactionValidator;
import org.lpos.chain.ledger.TxOutcome;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.chain.model.Utxo;
import org.lpos.chain.senate.StakeIndex;
import org.lpos.chain.ticket.TicketValidator;
import org.lpos.chain.ticket.Tickets;
import org.lpos.proto.v1.Block;
import org.lpos.proto.v1.Ticket;
import org.lpos.proto.v1.Transaction;

/**
 * A Byzantine proposer's choice of the ticket in its block (PROTOCOL §6: validators check that
 * the ticket is valid, not that it is the lowest). It scores {@code tries} candidate tickets on the
 * exact state its block leaves (it knows the block's transactions) and keeps the one that gives
 * the Byzantine members the most seats in the next senate. The candidates, in order: the ticket
 * an honest proposer would take (the lowest it knows), the other valid tickets it received (its
 * partners' ground ones among them), lowest first, then tickets of its own with alternative
 * {@code q}s. With one try it is honest. Which transactions enter the block is not ground.
 */
public final class ProposalGrinder {
  private final AlternativeSignatures alternatives;
  private final SeatScore score;
  private final int tries;

  /** A proposer scoring {@code tries} candidate tickets. */
  public ProposalGrinder(AlternativeSignatures alternatives, SeatScore score, int tries) {
    this.alternatives = alternatives;
    this.score = score;
    this.tries = tries;
  }

  /**
   * The ticket {@code proposer} puts in {@code block} (built on {@code state}'s tip), given the
   * tickets {@code received} for its height; the block's own ticket when no candidate beats it.
   */
  public Ticket choose(Block block, ChainState state, KeyPair proposer, List<Ticket> received, long salt) {
    Ticket honest = block.getHeader().getTicket();
    List<Ticket> candidates = candidates(honest, state, proposer, received, salt);
    StakeIndex after = stakeAfter(block, state);
    long seeded = block.getHeader().getHeight() + 1;
    Ticket best = honest;
    int bestSeats = score.of(seeded, honest.getQ(), after);
    for (Ticket t : candidates.subList(1, candidates.size())) {
      int seats = score.of(seeded, t.getQ(), after);
      if (seats > bestSeats) {
        best = t;
        bestSeats = seats;
      }
    }
    return best;
  }

  private List<Ticket> candidates(Ticket honest, ChainState state, KeyPair proposer, List<Ticket> received,
      long salt) {
    Map<ByteString, Ticket> byQ = new LinkedHashMap<>();
    byQ.put(honest.getQ(), honest);
    received.stream().sorted(Tickets.ORDER)
        .filter(t -> !byQ.containsKey(t.getQ()) && valid(t, state))
        .limit(Math.max(0, tries - 1))
        .forEach(t -> byQ.put(t.getQ(), t));
    int own = tries - byQ.size();
    Optional<Utxo> entry = Tickets.entryOutput(proposer.publicKey(), state.utxos());
    if (own > 0 && entry.isPresent()) {
      Ticket base = Tickets.create(proposer, state.chainId(), state.tip().hash(), state.tip().q(), entry.get().key());
      for (byte[] q : alternatives.sign(proposer.secretSeed().toByteArray(), TicketGrinder.qMessage(state), own,
          salt)) {
        ByteString alt = ByteString.copyFrom(q);
        byQ.putIfAbsent(alt, base.toBuilder().setQ(alt).build());
      }
    }
    return new ArrayList<>(byQ.values());
  }

  private static boolean valid(Ticket t, ChainState state) {
    return TicketValidator.check(state.caches().signatures(), t, state.chainId(), state.tip().hash(),
        state.tip().q(), state.utxos()).isEmpty();
  }

  /** The stake after {@code block}'s transactions apply on {@code state}: a copy, the state is not touched. */
  static StakeIndex stakeAfter(Block block, ChainState state) {
    PendingUtxos pending = new PendingUtxos(state.utxos());
    for (Transaction tx : block.getTransactionsList()) {
      TxOutcome outcome = TransactionValidator.check(state.caches(), state.chainId(), tx, pending);
      if (outcome instanceof TxOutcome.Valid v) {
        pending.apply(v.spent(), v.created());
      }
    }
    UtxoDelta delta = pending.delta();
    StakeIndex stake = new StakeIndex();
    state.utxos().forEach(stake::add);
    delta.spentKeys().forEach(stake::remove);
    delta.created().forEach(stake::add);
    return stake;
  }
}
