package org.lpos.chain.ticket;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.Signatures;
import org.lpos.chain.ledger.Reason;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.UtxoView;
import org.lpos.chain.model.OutputKey;
import org.lpos.chain.model.Utxo;
import org.lpos.proto.v1.Ticket;

/**
 * Validity of a ticket for height h (PROTOCOL §6): the named output is unspent in the state after
 * block h-1 and locked to the ticket's owner, and both signatures verify. Validators check
 * validity, not that the ticket is the lowest one the proposer could know.
 */
public final class TicketValidator {
  private TicketValidator() {}

  /** Every problem of {@code ticket}; empty when it is valid. */
  public static List<Rejection> check(
      Ticket ticket, String chainId, ByteString previousBlockHash, ByteString previousQ, UtxoView utxos) {
    List<Rejection> problems = new ArrayList<>();
    if (!ticket.hasOutput() || ticket.getOutput().getTxId().size() != 32) {
      problems.add(Rejection.of(Reason.BAD_TICKET, "ticket names no output"));
      return problems;
    }
    OutputKey key = OutputKey.of(ticket.getOutput());
    Optional<Utxo> utxo = utxos.find(key);
    if (utxo.isEmpty()) {
      problems.add(Rejection.of(Reason.BAD_TICKET, "ticket output %s is not unspent", key));
    } else if (!utxo.get().owner().equals(ticket.getOwner())) {
      problems.add(Rejection.of(Reason.BAD_TICKET, "ticket output %s is not owned by the ticket's owner", key));
    }
    if (!Signatures.verify(ticket.getOwner(), Domain.Q, chainId, Tickets.qPayload(previousQ), ticket.getQ())) {
      problems.add(Rejection.of(Reason.BAD_TICKET, "ticket q does not verify"));
    }
    if (!Signatures.verify(ticket.getOwner(), Domain.TICKET, chainId,
        Tickets.sigPayload(previousBlockHash, ticket.getOutput()), ticket.getSig())) {
      problems.add(Rejection.of(Reason.BAD_TICKET, "ticket signature does not verify"));
    }
    return problems;
  }
}
