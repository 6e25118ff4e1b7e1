package org.lpos.node.consensus;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.lpos.chain.ledger.Rejection;
import org.lpos.chain.ledger.UtxoDelta;
import org.lpos.proto.v1.AgreementState;
import org.lpos.proto.v1.CertifiedBlock;

/**
 * The output of one step of the core, applied by the shell in this order: persist
 * {@code committed} blocks, the {@code agreement} state and the {@code signer} record durably, then send {@code messages},
 * then arm a timer for {@code wakeUpAtMs}. Messages must not leave before the persistence.
 *
 * @param signer the new signer record if this step signed something
 * @param agreement the senator's new agreement state (lock, valid value and its proof) if this
 *     step changed it; persisted with the signer record, before the messages leave
 * @param committed blocks committed by this step, in height order, each with its certificate
 * @param deltas the UTXO change of each committed block (same order), for a store that keeps the
 *     UTXO set
 * @param messages messages to send
 * @param wakeUpAtMs when the core next needs a {@link Event.Tick}, if at all
 * @param rejected why inputs of this step were refused (for logs and metrics)
 * @param evidence conflicting votes seen in this step (equivocation evidence)
 * @param offences the refused inputs of this step that blame their sender, each with that peer
 */
public record Ready(
    Optional<SignerRecord> signer,
    Optional<AgreementState> agreement,
    List<CertifiedBlock> committed,
    List<UtxoDelta> deltas,
    List<Outbound> messages,
    OptionalLong wakeUpAtMs,
    List<Rejection> rejected,
    List<Equivocation> evidence,
    List<Offence> offences) {
  /** Copies the lists; every committed block has its delta. */
  public Ready {
    if (committed.size() != deltas.size()) {
      throw new IllegalArgumentException(committed.size() + " committed blocks but " + deltas.size() + " deltas");
    }
    committed = List.copyOf(committed);
    deltas = List.copyOf(deltas);
    messages = List.copyOf(messages);
    rejected = List.copyOf(rejected);
    evidence = List.copyOf(evidence);
    offences = List.copyOf(offences);
  }

  /** Whether something must be persisted before the messages leave. */
  public boolean mustPersist() {
    return signer.isPresent() || agreement.isPresent() || !committed.isEmpty();
  }
}
