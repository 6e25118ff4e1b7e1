package org.lpos.node.consensus;

import java.util.Optional;
import org.lpos.chain.block.ChainState;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ticket.TicketValidator;
import org.lpos.chain.ticket.Tickets;
import org.lpos.proto.v1.Lottery;
import org.lpos.proto.v1.Ticket;

/**
 * The director competition of the current height: keeps the lowest valid ticket received
 * (PROTOCOL §6). Only the lowest matters to a proposer, so nothing else is stored. A VRF chain
 * (§6a) has no competition: its tickets are refused unread.
 */
final class TicketBox {
  private Ticket lowest;

  /** Offers a ticket for the height after the state's tip; returns why it was refused, if it was. */
  Optional<Rejection> offer(Ticket ticket, ChainState state) {
    if (state.lottery() == Lottery.LOTTERY_VRF) {
      return Optional.of(Rejection.of(Reason.BAD_TICKET, "a VRF chain holds no director competition"));
    }
    if (lowest != null && Tickets.ORDER.compare(ticket, lowest) >= 0) {
      return Optional.empty();
    }
    var problems = TicketValidator.check(state.caches().signatures(), ticket, state.chainId(), state.tip().hash(), state.tip().q(), state.utxos());
    if (!problems.isEmpty()) {
      return Optional.of(problems.get(0));
    }
    lowest = ticket;
    return Optional.empty();
  }

  Optional<Ticket> lowest() {
    return Optional.ofNullable(lowest);
  }

  void clear() {
    lowest = null;
  }
}
