package org.lpos.chain.ticket;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.lpos.chain.crypto.Domain;
import org.lpos.chain.crypto.SignatureVerifier;
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
 *
 * <p>Checks run in cost order: field sizes, then the output look-up, then the two signatures,
 * and a ticket that fails a cheap check costs no verification. Anyone may send tickets, so a
 * flood of tickets naming outputs that do not exist must not buy signature checks.
 */
public final class TicketValidator {
  private TicketValidator() {}

  /** The problems of {@code ticket} up to the first failing stage; empty when it is valid. */
  public static List<Rejection> check(SignatureVerifier signatures,
      Ticket ticket, String chainId, ByteString previousBlockHash, ByteString previousQ, UtxoView utxos) {
    List<Rejection> problems = checkFields(ticket);
    if (!problems.isEmpty()) {
      return problems;
    }
    OutputKey key = OutputKey.of(ticket.getOutput());
    Optional<Utxo> utxo = utxos.find(key);
    if (utxo.isEmpty()) {
      return List.of(Rejection.of(Reason.BAD_TICKET, "ticket output %s is not unspent", key));
    }
    if (!utxo.get().owner().equals(ticket.getOwner())) {
      return List.of(Rejection.of(Reason.BAD_TICKET, "ticket output %s is not owned by the ticket's owner", key));
    }
    if (!signatures.verify(ticket.getOwner(), Domain.Q, chainId, Tickets.qPayload(previousQ), ticket.getQ())) {
      return List.of(Rejection.of(Reason.BAD_TICKET, "ticket q does not verify"));
    }
    if (!signatures.verify(ticket.getOwner(), Domain.TICKET, chainId,
        Tickets.sigPayload(previousBlockHash, ticket.getOutput()), ticket.getSig())) {
      return List.of(Rejection.of(Reason.BAD_TICKET, "ticket signature does not verify"));
    }
    return List.of();
  }

  private static List<Rejection> checkFields(Ticket ticket) {
    List<Rejection> problems = new ArrayList<>();
    if (!ticket.hasOutput() || ticket.getOutput().getTxId().size() != 32) {
      problems.add(Rejection.of(Reason.BAD_TICKET, "ticket names no output"));
    }
    if (ticket.getOwner().size() != Signatures.PUBLIC_KEY_LENGTH) {
      problems.add(Rejection.of(Reason.BAD_TICKET, "ticket owner is %d bytes, not a public key",
          ticket.getOwner().size()));
    }
    if (ticket.getQ().size() != Signatures.SIGNATURE_LENGTH || ticket.getSig().size() != Signatures.SIGNATURE_LENGTH) {
      problems.add(Rejection.of(Reason.BAD_TICKET, "ticket q or sig is not a signature (%d and %d bytes)",
          ticket.getQ().size(), ticket.getSig().size()));
    }
    return problems;
  }
}
